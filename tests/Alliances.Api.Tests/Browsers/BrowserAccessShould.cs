using System.Net;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Meetings;
using Alliances.Api.Tests.Spaces;
using Alliances.Tenancy.Endpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Alliances.Api.Tests.Browsers;

/// <summary>
/// A member space's website can show an alliance's public reads from a browser (CORS with <c>*</c>, no credentials),
/// keyed calls stay closed to browsers, and HEAD answers wherever GET does.
/// </summary>
public sealed class BrowserAccessShould(SharedAllianceFactory api) : IClassFixture<SharedAllianceFactory>
{
    private const string Origin = "https://www.officenomads.example";

    [Theory]
    [InlineData("/v1/alliance")]
    [InlineData("/v1/spaces")]
    [InlineData("/v1/meetings")]
    [InlineData("/v1/calendar.ics")]
    [InlineData("/v1/spaceapi-directory.json")]
    public async Task AnswerAPreflightOfAPublicRead_With204AndAnyOrigin_WithoutCredentials(string path)
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain);

        using var response = await client.SendAsync(Preflight(path, "GET", "if-none-match"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("GET", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("if-none-match", Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task AnswerAPublicRead_WithAnyOrigin_AndExposeItsETagAndLinks()
    {
        var alliance = await api.SharedAllianceAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Cors Space " + Guid.NewGuid().ToString("N")[..6]));
        using var client = api.Alliance(alliance.Subdomain);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/spaces/{id}");
        request.Headers.Add("Origin", Origin);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        var exposed = Header(response, "Access-Control-Expose-Headers");
        Assert.Contains("ETag", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Link", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task KeepAnswersOfAPublicReadReadable_WhenItIsA404()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/spaces/{Guid.CreateVersion7()}");
        request.Headers.Add("Origin", Origin);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/v1/spaces", "POST", "authorization,content-type")]
    [InlineData("/v1/api-keys", "GET", "authorization")]
    [InlineData("/v1/webhooks", "POST", "authorization,content-type")]
    public async Task NotOpenKeyedCallsToBrowsers(string path, string method, string headers)
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain);

        using var preflight = await client.SendAsync(Preflight(path, method, headers));

        Assert.NotEqual(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task NotLetAPageSendAKeyOnAPublicRead()
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain);

        using var response = await client.SendAsync(Preflight("/v1/spaces", "GET", "authorization"));

        // Without authorization among the allowed headers the browser refuses to send the real request.
        Assert.DoesNotContain("authorization", Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void OpenExactlyTheAnonymousApiReadsOfAnAllianceHost_AndNoPage()
    {
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var open = endpoints.Where(e => e.Metadata.GetMetadata<ICorsPolicyMetadata>() is not null ||
                                        e.Metadata.GetMetadata<IEnableCorsAttribute>() is not null)
            .Select(Describe).ToHashSet(StringComparer.Ordinal);
        var publicReads = endpoints
            .Where(e => e.Metadata.GetMetadata<HostScopeMetadata>()?.Scope == HostScope.Alliance &&
                        e.Metadata.GetMetadata<IAllowAnonymous>() is not null &&
                        e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(Describe).ToHashSet(StringComparer.Ordinal);
        // The HTML pages are for people on the alliance's own site; a member space's website embeds the JSON reads, so
        // only /v1 is opened to other origins.
        var pages = publicReads.Where(r => !r.StartsWith("GET /v1/", StringComparison.Ordinal)).ToList();
        Assert.Contains("GET /", pages);
        Assert.All(pages, page => Assert.DoesNotContain(page, open));
        publicReads.ExceptWith(pages);

        Assert.Contains("GET /v1/spaces", publicReads);
        Assert.Contains("GET /v1/calendar.ics", publicReads);
        Assert.Contains("GET /v1/spaces/{id:guid}/spaceapi.json", publicReads);
        Assert.DoesNotContain("GET /v1/api-keys", open);
        Assert.Equal(publicReads.Order(StringComparer.Ordinal), open.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/v1/alliance", "application/json")]
    [InlineData("/v1/spaces", "application/json")]
    [InlineData("/v1/calendar.ics", "text/calendar")]
    [InlineData("/v1/spaceapi-directory.json", "application/json")]
    public async Task AnswerHead_WithTheHeadersOfGet_AndNoBody(string path, string mediaType)
    {
        var alliance = await api.SharedAllianceAsync();
        using var client = api.Alliance(alliance.Subdomain);

        using var get = await client.GetAsync(path);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(mediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnswerHead_OnKeyedAndMissingResources_AsGetWould()
    {
        var alliance = await api.SharedAllianceAsync();
        using var anonymous = api.Alliance(alliance.Subdomain);
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var keyed = await organizer.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/api-keys"));
        using var withoutKey = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/api-keys"));
        using var missing = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/spaces/{Guid.CreateVersion7()}"));
        using var platform = await api.Platform().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/alliances"));

        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, platform.StatusCode);
        Assert.Empty(await missing.Content.ReadAsByteArrayAsync());
    }

    private static HttpRequestMessage Preflight(string path, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private static string Describe(RouteEndpoint endpoint) =>
        string.Join(",", endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]) + " " + endpoint.RoutePattern.RawText;
}
