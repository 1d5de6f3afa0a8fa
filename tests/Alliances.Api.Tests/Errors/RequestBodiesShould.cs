using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Errors;

/// <summary>
/// Bad request bodies, on the platform host (a claim) and on an alliance host (a new API key): malformed JSON, wrong
/// types, unknown and read-only properties, missing fields and bodies over 1 MiB.
/// </summary>
public sealed class RequestBodiesShould(ErrorsApiFactory api) : IClassFixture<ErrorsApiFactory>
{
    private static readonly Uri Claims = new("/v1/alliances", UriKind.Relative);
    private static readonly Uri ApiKeys = new("/v1/api-keys", UriKind.Relative);

    [Theory]
    [InlineData("{\"subdomain\": \"abc\",")]
    [InlineData("{\"subdomain\": abc}")]
    [InlineData("not json at all")]
    [InlineData("[]")]
    public async Task Return400_ForMalformedJson_InAClaim(string body)
    {
        using var platform = api.Platform();
        using var response = await platform.PostAsync(Claims, ErrorRequests.Json(body));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        Assert.NotEmpty(problem.Errors());
    }

    // The framework's own message ("Implicit body inferred for parameter "request" but no body was provided. Did you
    // mean to use a Service instead?") is for the API's developers, not its clients: it names a C# parameter.
    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task Return400NamingTheBody_ForAnEmptyOrNullClaim(string body)
    {
        using var platform = api.Platform();
        using var response = await platform.PostAsync(Claims, ErrorRequests.Json(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString() ?? "";
        Assert.DoesNotContain("parameter", detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Service", detail, StringComparison.Ordinal);
        Assert.NotEmpty(problem.Errors());
    }

    [Fact]
    public async Task Return400_ForMalformedJson_OnAnAllianceHost()
    {
        using var client = await OrganizerAsync();
        using var response = await client.PostAsync(ApiKeys, ErrorRequests.Json("{\"name\": \"ci\", \"role\": "));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        Assert.NotEmpty(problem.Errors());
    }

    [Fact]
    public async Task Return400NamingTheField_ForAWrongJsonType_InAClaim()
    {
        var body = ClaimBody();
        body["subdomain"] = 5;
        using var platform = api.Platform();
        using var response = await platform.PostAsync(Claims, ErrorRequests.Json(body.ToJsonString()));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        problem.AssertNamesField("subdomain");
    }

    [Fact]
    public async Task Return400NamingTheNestedField_ForAWrongJsonType_InAClaim()
    {
        var body = ClaimBody();
        body["organizer"]!["email"] = true;
        using var platform = api.Platform();
        using var response = await platform.PostAsync(Claims, ErrorRequests.Json(body.ToJsonString()));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        problem.AssertNamesField("organizer.email");
    }

    [Fact]
    public async Task Return400NamingTheField_ForAWrongJsonType_OnAnAllianceHost()
    {
        using var client = await OrganizerAsync();
        using var response = await client.PostAsync(ApiKeys, ErrorRequests.Json("{\"name\": 5, \"role\": \"integration\"}"));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        problem.AssertNamesField("name");
    }

    [Fact]
    public async Task Return400NamingTheField_ForAnUnknownEnumValue_OnAnAllianceHost()
    {
        using var client = await OrganizerAsync();
        using var response = await client.PostAsync(ApiKeys, ErrorRequests.Json("{\"name\": \"ci\", \"role\": \"superuser\"}"));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        problem.AssertNamesField("role");
    }

    [Theory]
    [InlineData("tenantId", "\"0196f7a0-0000-7000-8000-000000000001\"")]
    [InlineData("id", "\"0196f7a0-0000-7000-8000-000000000001\"")]
    [InlineData("createdAt", "\"2026-01-01T00:00:00Z\"")]
    [InlineData("state", "\"suspended\"")]
    [InlineData("organizerKey", "\"alk_chosen\"")]
    public async Task Return400NamingTheProperty_ForAnUnknownOrReadOnlyProperty_InAClaim(string property, string json)
    {
        var subdomain = ApiFactory.NewSubdomain();
        var body = ClaimBody(subdomain);
        body[property] = JsonNode.Parse(json);
        using var platform = api.Platform();
        using var response = await platform.PostAsync(Claims, ErrorRequests.Json(body.ToJsonString()));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        problem.AssertNamesField(property);
        await AssertNotClaimedAsync(subdomain);
    }

    [Fact]
    public async Task Return400NamingThePath_ForAnUnknownNestedProperty_InAClaim()
    {
        var body = ClaimBody();
        body["organizer"]!["role"] = "admin";
        using var platform = api.Platform();
        using var response = await platform.PostAsync(Claims, ErrorRequests.Json(body.ToJsonString()));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        problem.AssertNamesField("organizer.role");
    }

    [Theory]
    [InlineData("tenantId")]
    [InlineData("id")]
    [InlineData("createdAt")]
    [InlineData("prefix")]
    [InlineData("key")]
    public async Task Return400NamingTheProperty_ForAnUnknownOrReadOnlyProperty_OnAnAllianceHost(string property)
    {
        var body = new JsonObject { ["name"] = "ci", ["role"] = "integration", [property] = "0196f7a0-0000-7000-8000-000000000001" };
        using var client = await OrganizerAsync();
        using var response = await client.PostAsync(ApiKeys, ErrorRequests.Json(body.ToJsonString()));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        problem.AssertNamesField(property);
    }

    [Fact]
    public async Task Return400WithErrorsName_ForAClaimWithoutAName()
    {
        var subdomain = ApiFactory.NewSubdomain();
        var body = ClaimBody(subdomain);
        body.Remove("name");
        using var platform = api.Platform();
        using var response = await platform.PostAsync(Claims, ErrorRequests.Json(body.ToJsonString()));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField("name");
        Assert.Single(problem.Errors());
        await AssertNotClaimedAsync(subdomain);
    }

    [Fact]
    public async Task Return400NamingEveryBadField_ForAClaimWithSeveralProblems()
    {
        var body = ClaimBody();
        body["name"] = "";
        body["timeZone"] = "Pacific Standard Time";
        body["organizer"]!["email"] = "not-an-email";
        using var platform = api.Platform();
        using var response = await platform.PostAsync(Claims, ErrorRequests.Json(body.ToJsonString()));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(["name", "organizer.email", "timeZone"], problem.Errors().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Return400WithErrorsName_ForAnApiKeyWithoutAName()
    {
        using var client = await OrganizerAsync();
        using var response = await client.PostAsync(ApiKeys, ErrorRequests.Json("{\"role\": \"integration\"}"));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField("name");
    }

    // An omitted role must not silently become the most powerful one (the enum's default, organizer).
    [Fact]
    public async Task Return400WithErrorsRole_ForAnApiKeyWithoutARole()
    {
        using var client = await OrganizerAsync();
        using var response = await client.PostAsync(ApiKeys, ErrorRequests.Json("{\"name\": \"no role given\"}"));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
        problem.AssertNamesField("role");
    }

    [Fact]
    public async Task Return413_ForAClaimOver1MiB_WithAContentLength()
    {
        using var platform = api.Platform();
        using var content = new ByteArrayContent(ErrorRequests.LargeJson(ErrorRequests.OneMiB + 1));
        content.Headers.ContentType = new("application/json");
        using var response = await platform.PostAsync(Claims, content);

        await response.AssertFullProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Accept_AClaimOfExactly1MiB_AsFarAsTheSizeLimitGoes()
    {
        // Just under the limit, the body is read and judged on its content (here: too long a name), not on its size.
        using var platform = api.Platform();
        using var content = new ByteArrayContent(ErrorRequests.LargeJson(ErrorRequests.OneMiB));
        content.Headers.ContentType = new("application/json");
        using var response = await platform.PostAsync(Claims, content);

        await response.AssertFullProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Return413_ForAnApiKeyOver1MiB_WithAContentLength_OnAnAllianceHost()
    {
        using var client = await OrganizerAsync();
        using var content = new ByteArrayContent(ErrorRequests.LargeJson(2 * ErrorRequests.OneMiB));
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync(ApiKeys, content);

        await response.AssertFullProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Return413_ForAChunkedClaimOver1MiB()
    {
        using var platform = api.Platform();
        using var content = ErrorRequests.Chunked(2 * ErrorRequests.OneMiB);
        using var response = await platform.PostAsync(Claims, content);

        await response.AssertFullProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Return413_ForAChunkedApiKeyOver1MiB_OnAnAllianceHost()
    {
        using var client = await OrganizerAsync();
        using var content = ErrorRequests.Chunked(2 * ErrorRequests.OneMiB);
        using var response = await client.PostAsync(ApiKeys, content);

        await response.AssertFullProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    private async Task<HttpClient> OrganizerAsync()
    {
        var alliance = await api.SharedAllianceAsync();
        return api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
    }

    private static JsonObject ClaimBody(string? subdomain = null) =>
        JsonSerializer.SerializeToNode(ApiFactory.ClaimBody(subdomain ?? ApiFactory.NewSubdomain()))!.AsObject();

    private async Task AssertNotClaimedAsync(string subdomain)
    {
        using var platform = api.Platform();
        var check = await (await platform.GetAsync(new Uri($"/v1/subdomains/{subdomain}", UriKind.Relative))).ReadJsonAsync();
        Assert.True(check.GetProperty("available").GetBoolean(), $"A rejected claim must not claim '{subdomain}'.");
    }
}
