using System.Net;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Spaces;

namespace Alliances.Api.Tests.Pages;

/// <summary>An alliance's pages show its own data only: Seattle's page never shows Portland's spaces.</summary>
public sealed class PagesIsolationShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task NeverShowAnotherAlliancesSpaces_OnTheHomePage_OrBySlug()
    {
        var seattle = await api.ClaimAsync(ApiFactory.NewSubdomain("sea"));
        var portland = await api.ClaimAsync(ApiFactory.NewSubdomain("pdx"));
        using (var organizer = api.Alliance(seattle.Subdomain, seattle.OrganizerKey))
        {
            await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Seattle Only Space", "seattle-only"));
        }

        using (var organizer = api.Alliance(portland.Subdomain, portland.OrganizerKey))
        {
            await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Portland Only Space", "portland-only"));
        }

        foreach (var (home, other, own, foreign) in new[]
                 {
                     (seattle, portland, "Seattle Only Space", "portland-only"),
                     (portland, seattle, "Portland Only Space", "seattle-only"),
                 })
        {
            using var browser = PageKit.Browser(api, $"{home.Subdomain}.{ApiFactory.Apex}");
            var (html, _, response) = await PageKit.GetPageAsync(browser, "/");
            response.Dispose();
            Assert.Contains(own, html, StringComparison.Ordinal);
            Assert.DoesNotContain(other.Subdomain, html, StringComparison.Ordinal);
            Assert.DoesNotContain(foreign, html, StringComparison.Ordinal);
            Assert.DoesNotContain(other.Id.ToString(), html, StringComparison.Ordinal);

            using var bySlug = await browser.GetAsync("/spaces/" + foreign);
            Assert.Equal(HttpStatusCode.NotFound, bySlug.StatusCode);
            Assert.DoesNotContain(other.Subdomain, await bySlug.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
