using System.Net;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Pages;

/// <summary><c>/</c> is a page on both kinds of host; the host decides which, and hosts that are not served still are not.</summary>
public sealed class HostRoutingShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ServeTheDirectoryOnTheApex_AndTheAlliancesHomeOnItsHost()
    {
        var alliance = await api.ClaimAsync();
        using var apex = PageKit.Browser(api, ApiFactory.Apex);
        using var home = PageKit.Browser(api, $"{alliance.Subdomain}.{ApiFactory.Apex}");

        var (_, directory, r1) = await PageKit.GetPageAsync(apex, "/");
        r1.Dispose();
        var (_, alliancePage, r2) = await PageKit.GetPageAsync(home, "/");
        r2.Dispose();
        Assert.Equal("Coworking alliances, region by region", directory.QuerySelector("h1")!.TextContent);
        Assert.Equal($"Alliance {alliance.Subdomain}", alliancePage.QuerySelector("h1")!.TextContent);
    }

    [Theory]
    [InlineData("nobody-claimed-this.alliances.test", HttpStatusCode.NotFound, "alliance-not-found")]
    [InlineData("a.b.alliances.test", HttpStatusCode.BadRequest, "invalid-host")]
    [InlineData("elsewhere.example", HttpStatusCode.BadRequest, "invalid-host")]
    public async Task AnswerHostsThatAreNotServed_AsForAnyOtherPath(string host, HttpStatusCode status, string problem)
    {
        using var client = api.ClientFor(host);
        using var response = await client.GetAsync("/");
        await response.AssertProblemAsync(status, problem);
    }
}
