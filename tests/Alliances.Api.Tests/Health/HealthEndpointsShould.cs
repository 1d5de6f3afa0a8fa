using System.Net;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Health;

/// <summary>
/// With the real database: <c>/healthz</c> answers on every kind of host (the apex, an alliance, an alliance nobody
/// claimed, an IP literal) because it skips tenant resolution; <c>/readyz</c> is 200; Swagger UI is served at <c>/docs</c>.
/// </summary>
public sealed class HealthEndpointsShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData(ApiFactory.Apex)]
    [InlineData("nobody-claimed-this." + ApiFactory.Apex)]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("10.0.0.7:8080")]
    public async Task Return200FromHealthz_OnAnyHost(string host)
    {
        using var client = api.ClientFor(host);
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        await HealthAssertions.AssertHealthyAsync(response);
    }

    [Fact]
    public async Task Return200FromHealthz_OnAClaimedAllianceHost()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain);
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        await HealthAssertions.AssertHealthyAsync(response);
    }

    [Theory]
    [InlineData(ApiFactory.Apex)]
    [InlineData("127.0.0.1")]
    [InlineData("nobody-claimed-this." + ApiFactory.Apex)]
    public async Task Return200FromReadyz_WithTheDatabaseUp(string host)
    {
        using var client = api.ClientFor(host);
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        await HealthAssertions.AssertHealthyAsync(response);
    }

    [Theory]
    [InlineData(ApiFactory.Apex)]
    [InlineData("seattle." + ApiFactory.Apex)]
    public async Task ServeSwaggerUi_AtDocs(string host)
    {
        using var client = api.ClientFor(host);
        var (response, html) = await HealthAssertions.GetFollowingRedirectsAsync(client, "/docs");
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/docs answered {(int)response.StatusCode}: {html}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("swagger-ui", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("<title>Alliances API</title>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PointSwaggerUi_AtTheOpenApiDocument()
    {
        using var client = api.Platform();
        var (response, script) = await HealthAssertions.GetFollowingRedirectsAsync(client, "/docs/index.js");
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/docs/index.js answered {(int)response.StatusCode}");
            Assert.Contains("\"url\":\"/openapi/v1.json\"", script, StringComparison.Ordinal);
        }

        using var document = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/json", document.Content.Headers.ContentType?.MediaType);
    }
}
