using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Spaces;

public sealed class SpaceApiShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ServeAValidDocument_ForAMinimalSpace()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Tiny Space"));

        var document = await DocumentAsync(api.Alliance(alliance.Subdomain), id);

        Assert.Empty(SpaceApiV15Rules.Violations(document));
        Assert.Equal(["15"], document.GetProperty("api_compatibility").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("Tiny Space", document.GetProperty("space").GetString());
        // No logo and no website of its own: the documented fallbacks, on canonical hosts.
        Assert.Equal($"https://{ApiFactory.Apex}/assets/spaceapi/default-space-logo.png", document.GetProperty("logo").GetString());
        Assert.Equal($"https://{alliance.Subdomain}.{ApiFactory.Apex}/v1/spaces/{id}", document.GetProperty("url").GetString());
        Assert.Equal("America/Los_Angeles", document.GetProperty("location").GetProperty("timezone").GetString());
        Assert.False(document.GetProperty("location").TryGetProperty("lat", out _));
        Assert.False(document.GetProperty("location").TryGetProperty("lon", out _));
        Assert.Equal(JsonValueKind.Object, document.GetProperty("contact").ValueKind);
        Assert.False(document.TryGetProperty("state", out _)); // open, and no live sensor: state is "not implemented"
        Assert.False(document.TryGetProperty("membership_plans", out _));
    }

    [Fact]
    public async Task ServeAValidDocument_ForAFullyFilledSpace()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.CreateSpaceIdAsync(SpaceRequests.Full());

        var document = await DocumentAsync(api.Alliance(alliance.Subdomain), id);

        Assert.Empty(SpaceApiV15Rules.Violations(document));
        Assert.Equal("Office Nomads", document.GetProperty("space").GetString());
        Assert.Equal("https://www.officenomads.com/logo.png", document.GetProperty("logo").GetString());
        Assert.Equal("https://www.officenomads.com", document.GetProperty("url").GetString());
        var location = document.GetProperty("location");
        Assert.Equal("1617 Boylston Ave, Seattle, WA 98122, US", location.GetProperty("address").GetString());
        Assert.Equal(47.6152, location.GetProperty("lat").GetDouble());
        Assert.Equal(-122.321, location.GetProperty("lon").GetDouble());
        Assert.Equal("US", location.GetProperty("country_code").GetString());
        Assert.Equal("hello@officenomads.example", document.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal("+1 206 555 0100", document.GetProperty("contact").GetProperty("phone").GetString());
        var plans = document.GetProperty("membership_plans").EnumerateArray().ToList();
        Assert.Equal(3, plans.Count);
        Assert.Equal("Full-time", plans[1].GetProperty("name").GetString());
        Assert.Equal(450m, plans[1].GetProperty("value").GetDecimal());
        Assert.Equal("USD", plans[1].GetProperty("currency").GetString());
        Assert.Equal("monthly", plans[1].GetProperty("billing_interval").GetString());
        Assert.Equal("daily", plans[2].GetProperty("billing_interval").GetString());
        Assert.Equal(0m, plans[0].GetProperty("value").GetDecimal());
    }

    [Theory]
    [InlineData("planning")]
    [InlineData("opening")]
    [InlineData("closed")]
    public async Task SayTheSpaceIsNotOpen_WhenItsStatusIsNotOpen(string status)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var body = SpaceRequests.Full();
        body["status"] = status;
        var id = await organizer.CreateSpaceIdAsync(body);

        var document = await DocumentAsync(api.Alliance(alliance.Subdomain), id);

        Assert.Empty(SpaceApiV15Rules.Violations(document));
        Assert.Equal(JsonValueKind.False, document.GetProperty("state").GetProperty("open").ValueKind);
        Assert.False(string.IsNullOrEmpty(document.GetProperty("state").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task BuildUrlsFromTheCanonicalHost_NeverFromTheRequestsHostPortOrScheme()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Tiny Space"));
        // The same alliance, reached under another spelling of its host, another port and another scheme.
        using var client = api.ClientFor($"{alliance.Subdomain.ToUpperInvariant()}.{ApiFactory.Apex}:8080");
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-Proto", "http");

        var document = await DocumentAsync(client, id);
        using var directoryResponse = await client.GetAsync("/v1/spaceapi-directory.json");
        var directory = await directoryResponse.ReadJsonAsync();

        var canonical = $"https://{alliance.Subdomain}.{ApiFactory.Apex}/";
        Assert.StartsWith(canonical, document.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith($"https://{ApiFactory.Apex}/", document.GetProperty("logo").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("8080", document.ToString(), StringComparison.Ordinal);
        Assert.Equal($"{canonical}v1/spaces/{id}/spaceapi.json", directory.GetProperty("Tiny Space").GetString());
    }

    [Fact]
    public async Task ListEverySpaceInTheDirectory_ByItsExactName()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var nomads = await organizer.CreateSpaceIdAsync(SpaceRequests.Full());
        var jigsaw = await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Jigsaw Renaissance"));
        var twin = await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Jigsaw Renaissance", "jigsaw-two"));
        using var anonymous = api.Alliance(alliance.Subdomain);

        using var response = await anonymous.GetAsync("/v1/spaceapi-directory.json");
        var directory = await response.ReadJsonAsync();

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var entries = directory.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        var baseUrl = $"https://{alliance.Subdomain}.{ApiFactory.Apex}/v1/spaces/";
        Assert.Equal(3, entries.Count);
        Assert.Equal(baseUrl + nomads + "/spaceapi.json", entries["Office Nomads"]); // keys keep their case and spaces
        var jigsaws = new[] { entries["Jigsaw Renaissance"], entries["Jigsaw Renaissance (jigsaw-two)"] };
        Assert.Equal([baseUrl + jigsaw + "/spaceapi.json", baseUrl + twin + "/spaceapi.json"], jigsaws.Order(StringComparer.Ordinal));
        foreach (var url in entries.Values)
        {
            using var document = await anonymous.GetAsync(new Uri(url!).PathAndQuery);
            Assert.Empty(SpaceApiV15Rules.Violations(await document.ReadJsonAsync()));
        }
    }

    [Fact]
    public async Task ServeAnETag_And304ForIfNoneMatch()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Tiny Space"));
        using var anonymous = api.Alliance(alliance.Subdomain);
        using var first = await anonymous.GetAsync($"/v1/spaces/{id}/spaceapi.json");
        using var space = await anonymous.GetAsync($"/v1/spaces/{id}");

        using var again = await anonymous.GetWithAsync($"/v1/spaces/{id}/spaceapi.json", "If-None-Match", first.ETag());

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.NotEqual(space.ETag(), first.ETag()); // another representation, another tag
    }

    [Fact]
    public async Task Return404_ForAnUnknownSpace()
    {
        var alliance = await api.ClaimAsync();

        using var response = await api.Alliance(alliance.Subdomain).GetAsync($"/v1/spaces/{Guid.CreateVersion7()}/spaceapi.json");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    // The checker itself must be able to fail, or the tests above prove nothing.
    [Theory]
    [InlineData("""{"space": "S", "logo": "l", "url": "u", "contact": {}}""", "'api_compatibility' is required")]
    [InlineData("""{"api_compatibility": ["14"], "space": "S", "logo": "l", "url": "u", "contact": {}}""", "must contain \"15\"")]
    [InlineData("""{"api_compatibility": "15", "space": "S", "logo": "l", "url": "u", "contact": {}}""", "api_compatibility: must be an array")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "url": "u", "contact": {}}""", "'logo' is required")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "logo": "l", "contact": {}}""", "'url' is required")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "logo": "l", "url": "u"}""", "'contact' is required")]
    [InlineData("""{"api_compatibility": ["15"], "space": 5, "logo": "l", "url": "u", "contact": {}}""", "space: must be a string")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "logo": "l", "url": "u", "contact": {}, "location": {"lat": 1}}""", "lat and lon go together")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "logo": "l", "url": "u", "contact": {}, "location": {"lat": "1", "lon": 2}}""", "location.lat: must be a number")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "logo": "l", "url": "u", "contact": {}, "location": {}}""", "minProperties")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "logo": "l", "url": "u", "contact": {"email": 1}}""", "contact.email: must be a string")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "logo": "l", "url": "u", "contact": {}, "state": {"open": "yes"}}""", "state.open: must be a boolean")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "logo": "l", "url": "u", "contact": {}, "membership_plans": [{"name": "n", "value": 1, "billing_interval": "monthly"}]}""", "'currency' is required")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "logo": "l", "url": "u", "contact": {}, "membership_plans": [{"name": "n", "value": "1", "currency": "USD", "billing_interval": "monthly"}]}""", "value: must be a number")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "logo": "l", "url": "u", "contact": {}, "membership_plans": [{"name": "n", "value": 1, "currency": "USD", "billing_interval": "month"}]}""", "billing_interval: must be one of")]
    [InlineData("""{"api_compatibility": ["15"], "space": "S", "logo": "l", "url": "u", "contact": {}, "membershipPlans": []}""", "not a SpaceAPI v15 field")]
    public void RulesCatchAnInvalidDocument(string json, string expected)
    {
        var violations = SpaceApiV15Rules.Violations(JsonDocument.Parse(json).RootElement);

        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    private static async Task<JsonElement> DocumentAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/v1/spaces/{id}/spaceapi.json");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        return await response.ReadJsonAsync();
    }
}
