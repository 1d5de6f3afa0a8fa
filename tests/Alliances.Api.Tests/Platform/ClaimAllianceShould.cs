using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Platform;

public sealed class ClaimAllianceShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Return201_WithLocationAndAWorkingOrganizerKey()
    {
        var subdomain = ApiFactory.NewSubdomain();
        using var platform = api.Platform();
        using var response = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(subdomain));
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal($"https://{subdomain}.{ApiFactory.Apex}/v1/alliance", response.Headers.Location?.ToString());
        Assert.Equal(subdomain, body.GetProperty("subdomain").GetString());
        Assert.Equal("active", body.GetProperty("state").GetString());
        var key = body.GetProperty("organizerKey").GetString()!;
        Assert.StartsWith("alk_", key);

        using var alliance = api.Alliance(subdomain, key);
        var keys = await (await alliance.GetAsync("/v1/api-keys")).ReadJsonAsync();
        Assert.Equal(1, keys.GetProperty("items").GetArrayLength());
    }
}
