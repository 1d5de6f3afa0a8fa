using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Errors;

/// <summary>Errors produced by routing and content negotiation: every one is problem+json with type, title, status, detail and traceId.</summary>
public sealed class ErrorResponsesShould(ErrorsApiFactory api) : IClassFixture<ErrorsApiFactory>
{
    [Fact]
    public async Task Return404Problem_ForAnUnknownRoute_OnThePlatformHost()
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync(new Uri("/v1/no-such-thing", UriKind.Relative));

        var problem = await response.AssertFullProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal("/v1/no-such-thing", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Return404Problem_ForAnUnknownRoute_OnAnAllianceHost()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var response = await client.GetAsync(new Uri("/v1/no-such-thing", UriKind.Relative));

        await response.AssertFullProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Return404Problem_ForAnUnknownAlliance()
    {
        using var client = api.Alliance(ApiFactory.NewSubdomain("nobody"));
        using var response = await client.GetAsync(new Uri("/v1/alliance", UriKind.Relative));

        await response.AssertFullProblemAsync(HttpStatusCode.NotFound, "alliance-not-found");
    }

    [Fact]
    public async Task Return405WithAllow_ForAWrongMethod_OnThePlatformHost()
    {
        using var platform = api.Platform();
        using var response = await platform.PutAsync(new Uri("/v1/alliances", UriKind.Relative), ErrorRequests.Json("{}"));

        await response.AssertFullProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Equal(["GET", "POST"], ErrorRequests.AllowedMethods(response));
    }

    [Fact]
    public async Task Return405WithAllow_ForAWrongMethod_OnAnAllianceHost()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var response = await client.PatchAsync(new Uri("/v1/api-keys", UriKind.Relative), ErrorRequests.Json("{}"));

        await response.AssertFullProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Equal(["GET", "POST"], ErrorRequests.AllowedMethods(response));
    }

    [Fact]
    public async Task Return405WithAllow_ForAWrongMethod_OnAnAnonymousRequestToAnOrganizerRoute()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain);
        using var response = await client.PutAsync(new Uri($"/v1/api-keys/{Guid.NewGuid()}", UriKind.Relative), ErrorRequests.Json("{}"));

        await response.AssertFullProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Equal(["DELETE", "GET"], ErrorRequests.AllowedMethods(response));
    }

    // The tenancy middleware answers 404 for a platform route on an alliance host (and vice versa) "so a route's
    // existence on the other kind of host is not revealed". A wrong method on such a route must not reveal it either,
    // and must not advertise in Allow a GET that itself answers 404.
    [Fact]
    public async Task Return404_NotA405RevealingThePlatformRoute_ForAWrongMethodOnAPlatformPathOnAnAllianceHost()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain);
        using (var get = await client.GetAsync(new Uri("/v1/alliances", UriKind.Relative)))
        {
            await get.AssertFullProblemAsync(HttpStatusCode.NotFound, "not-found");
        }

        using var put = await client.PutAsync(new Uri("/v1/alliances", UriKind.Relative), ErrorRequests.Json("{}"));
        await put.AssertFullProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.False(put.Content.Headers.Contains("Allow"), "A 404 carries no Allow header.");
    }

    [Fact]
    public async Task Return404_NotA405RevealingTheAllianceRoute_ForAWrongMethodOnAnAlliancePathOnThePlatformHost()
    {
        using var platform = api.Platform();
        using (var get = await platform.GetAsync(new Uri("/v1/api-keys", UriKind.Relative)))
        {
            await get.AssertFullProblemAsync(HttpStatusCode.NotFound, "not-found");
        }

        using var patch = await platform.PatchAsync(new Uri("/v1/api-keys", UriKind.Relative), ErrorRequests.Json("{}"));
        await patch.AssertFullProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Return415_ForAPlainTextClaim_OnThePlatformHost()
    {
        using var platform = api.Platform();
        using var content = new StringContent("subdomain=abc", Encoding.UTF8, "text/plain");
        using var response = await platform.PostAsync(new Uri("/v1/alliances", UriKind.Relative), content);

        await response.AssertFullProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task Return415_ForAPlainTextBody_OnAnAllianceHost()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var content = new StringContent("{\"name\":\"x\",\"role\":\"integration\"}", Encoding.UTF8, "text/plain");
        using var response = await client.PostAsync(new Uri("/v1/api-keys", UriKind.Relative), content);

        await response.AssertFullProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task Return415_ForAClaimWithoutAContentType()
    {
        using var platform = api.Platform();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"subdomain\":\"abc\"}"));
        using var response = await platform.PostAsync(new Uri("/v1/alliances", UriKind.Relative), content);

        await response.AssertFullProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    // A calendar app asks for text/calendar, a feed reader for application/xml. An error must still be the error it is
    // (here: an unknown alliance, 404), as problem+json, not a 500 because no writer "accepts" the Accept header.
    [Theory]
    [InlineData("text/calendar")]
    [InlineData("application/xml")]
    public async Task KeepTheStatusAndProblemBody_WhenTheClientAcceptsOnlyAnotherMediaType_ForAnUnknownAlliance(string accept)
    {
        using var client = api.Alliance(ApiFactory.NewSubdomain("nobody"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await client.GetAsync(new Uri("/v1/alliance", UriKind.Relative));

        await response.AssertFullProblemAsync(HttpStatusCode.NotFound, "alliance-not-found");
    }

    [Theory]
    [InlineData("text/calendar")]
    [InlineData("application/xml")]
    public async Task KeepTheStatusAndProblemBody_WhenTheClientAcceptsOnlyAnotherMediaType_ForAnUnknownRoute(string accept)
    {
        using var platform = api.Platform();
        platform.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await platform.GetAsync(new Uri("/v1/no-such-thing", UriKind.Relative));

        await response.AssertFullProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task KeepThe401AndProblemBody_WhenTheClientAcceptsOnlyAnotherMediaType()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/calendar"));
        using var response = await client.GetAsync(new Uri("/v1/api-keys", UriKind.Relative));

        await response.AssertFullProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Return401Problem_ForNoKeyOnAnOrganizerRoute()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain);
        using var response = await client.GetAsync(new Uri("/v1/api-keys", UriKind.Relative));

        await response.AssertFullProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    // AuthGuards.RejectInvalidCredentials: "A presented but invalid key is a 401 even on public routes: a client whose
    // key was revoked should find out, not be silently served as anonymous."
    [Fact]
    public async Task Return401Problem_ForAnUnknownKeyOnAPublicRoute()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain, "alk_" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..11]);
        using var response = await client.GetAsync(new Uri("/v1/alliance", UriKind.Relative));

        await response.AssertFullProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
