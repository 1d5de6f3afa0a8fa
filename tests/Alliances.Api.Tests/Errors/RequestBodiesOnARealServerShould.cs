using System.Net;

namespace Alliances.Api.Tests.Errors;

/// <summary>The 1 MiB cap on a real server (Kestrel), with and without a Content-Length.</summary>
public sealed class RequestBodiesOnARealServerShould(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    private static readonly Uri Claims = new("/v1/alliances", UriKind.Relative);

    [Fact]
    public async Task Return413_ForAClaimOver1MiB_WithAContentLength()
    {
        using var platform = api.ClientFor(Infrastructure.ApiFactory.Apex);
        using var content = new ByteArrayContent(ErrorRequests.LargeJson(2 * ErrorRequests.OneMiB));
        content.Headers.ContentType = new("application/json");
        using var response = await platform.PostAsync(Claims, content);

        await response.AssertFullProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Return413_ForAChunkedClaimOver1MiB()
    {
        using var platform = api.ClientFor(Infrastructure.ApiFactory.Apex);
        using var content = ErrorRequests.Chunked(2 * ErrorRequests.OneMiB);
        using var response = await platform.PostAsync(Claims, content);

        await response.AssertFullProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Return413_ForAChunkedApiKeyOver1MiB_OnAnAllianceHost()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.ClientFor($"{alliance.Subdomain}.{Infrastructure.ApiFactory.Apex}", alliance.OrganizerKey);
        using var content = ErrorRequests.Chunked(2 * ErrorRequests.OneMiB);
        using var response = await client.PostAsync(new Uri("/v1/api-keys", UriKind.Relative), content);

        await response.AssertFullProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }
}
