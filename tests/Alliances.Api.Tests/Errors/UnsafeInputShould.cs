using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Errors;

/// <summary>
/// Issue #16, defects 1 and 2: U+0000 and unpaired surrogates anywhere (a body, a nested body field, a query parameter,
/// a cursor) and a JSON object naming a property twice (a create, a merge patch, a nested object) are a 400 naming the
/// field. Each of these was a 500 (PostgreSQL 22021 / 22P05, or an ArgumentException from JsonNode).
/// </summary>
public sealed class UnsafeInputShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Nul = "\\u0000";
    private const string LoneSurrogate = "\\ud800";

    [Theory]
    [InlineData("name", $$"""{"name":"Nul{{Nul}}Space","slug":"nul-space","kind":"coworking","status":"open"}""")]
    [InlineData("name", $$"""{"name":"Half{{LoneSurrogate}}","slug":"half-space","kind":"coworking","status":"open"}""")]
    [InlineData("name", $$"""{"name":"Backwards\udc00\ud800","slug":"back-space","kind":"coworking","status":"open"}""")]
    [InlineData("address.street", $$"""{"name":"Deep","slug":"deep-space","kind":"coworking","status":"open","address":{"street":"1{{Nul}}","city":"Seattle","countryCode":"US"} }""")]
    [InlineData("amenities[1]", $$"""{"name":"List","slug":"list-space","kind":"coworking","status":"open","amenities":["wifi","cof{{Nul}}fee"]}""")]
    public async Task Refuse_UnsafeTextInABody_NamingTheField(string field, string body)
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var response = await client.PostAsync(new Uri("/v1/spaces", UriKind.Relative), Json(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        await AssertNoSpacesAsync(client);
    }

    [Fact]
    public async Task Refuse_UnsafeTextInAClaim_OnTheApex()
    {
        using var platform = api.Platform();
        var body = JsonSerializer.Serialize(ApiFactory.ClaimBody(ApiFactory.NewSubdomain())).Replace("Test Region", "Test\\u0000Region", StringComparison.Ordinal);

        using var response = await platform.PostAsync(new Uri("/v1/alliances", UriKind.Relative), Json(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("region", out _), problem.ToString());
    }

    [Theory]
    [InlineData("/v1/spaces?q=%00", "q")]
    [InlineData("/v1/spaces?q=a%00b", "q")]
    [InlineData("/v1/meetings?limit=%00", "limit")]
    [InlineData("/v1/spaces?q=%C0%80", "query")]
    [InlineData("/v1/spaces?q=%ED%A0%80", "query")]
    [InlineData("/v1/spaces?limit=5&q=%FF%FE", "query")]
    public async Task Refuse_UnsafeTextInAQueryParameter_Anonymously(string path, string field)
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("/v1/spaces?q=%E2%80%AE")]
    [InlineData("/v1/spaces?q=%25C0%2580")]
    [InlineData("/v1/spaces?q=%F0%9F%98%80&limit=5")]
    public async Task Accept_PercentEncodedUtf8_AndLiteralPercentSigns(string path)
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("a\\u0000b")]
    [InlineData("\\ud800")]
    public async Task Refuse_AForgedCursorCarryingUnsafeText(string escapedKey)
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain);
        var json = "[\"" + escapedKey + "\",\"" + Guid.NewGuid().ToString("N") + "\"]";
        var cursor = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

        using var response = await client.GetAsync(new Uri("/v1/spaces?cursor=" + cursor, UriKind.Relative));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _), problem.ToString());
    }

    [Theory]
    [InlineData("name", """{"name":"a","slug":"dup-a","name":"b","kind":"coworking","status":"open"}""")]
    [InlineData("address.city", """{"name":"a","slug":"dup-b","kind":"coworking","status":"open","address":{"city":"x","city":"y","countryCode":"US"}}""")]
    public async Task Refuse_DuplicateKeysInACreate_NamingTheKey(string field, string body)
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var response = await client.PostAsync(new Uri("/v1/spaces", UriKind.Relative), Json(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        await AssertNoSpacesAsync(client);
    }

    [Theory]
    [InlineData("name", """{"name":"a","name":"b"}""")]
    [InlineData("address.street", """{"address":{"street":"a","street":"b"}}""")]
    [InlineData("name", """{"name":"a\u0000"}""")]
    public async Task Refuse_DuplicateKeysAndUnsafeTextInAMergePatch(string field, string patch)
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var created = await client.PostAsync(new Uri("/v1/spaces", UriKind.Relative),
            Json("""{"name":"Patched","slug":"patched","kind":"coworking","status":"open"}"""));
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/spaces/{id}") { Content = Json(patch, "application/merge-patch+json") };
        using var response = await client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        using var after = await client.GetAsync(new Uri($"/v1/spaces/{id}", UriKind.Relative));
        Assert.Equal("Patched", (await after.ReadJsonAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Refuse_DuplicateKeysInTheAllianceMergePatch()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var request = new HttpRequestMessage(HttpMethod.Patch, "/v1/alliance") { Content = Json("""{"name":"a","name":"b"}""", "application/merge-patch+json") };
        using var response = await client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
    }

    // The control: the same bodies without the fault are accepted, so the 400s above are about the fault alone.
    [Fact]
    public async Task Accept_TheSameBodies_WithoutTheFault()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var created = await client.PostAsync(new Uri("/v1/spaces", UriKind.Relative),
            Json("""{"name":"Fine \ud83d\ude00","slug":"fine","kind":"coworking","status":"open","address":{"street":"1","city":"Seattle","countryCode":"US"}}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var list = await client.GetAsync(new Uri("/v1/spaces?q=fine", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    private static StringContent Json(string body, string mediaType = "application/json") => new(body, Encoding.UTF8, mediaType);

    private static async Task AssertNoSpacesAsync(HttpClient client)
    {
        using var list = await client.GetAsync(new Uri("/v1/spaces", UriKind.Relative));
        Assert.Equal(0, (await list.ReadJsonAsync()).GetProperty("items").GetArrayLength());
    }
}
