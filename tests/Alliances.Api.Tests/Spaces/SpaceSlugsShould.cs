using System.Net;
using System.Text.Json.Nodes;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Spaces;

/// <summary>A create may leave <c>slug</c> out: the name is folded to ASCII, and repeats get <c>-2</c>, <c>-3</c>, …</summary>
public sealed class SpaceSlugsShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("Office Nomads", "office-nomads")]
    [InlineData("Café Zürich", "cafe-zurich")]
    [InlineData("  Straße & Co. — Øresund Hub!  ", "strasse-co-oresund-hub")]
    [InlineData("Łódź Makerspace #2", "lodz-makerspace-2")]
    [InlineData("Cafe\u0301 Zu\u0308rich", "cafe-zurich")]
    [InlineData("東京 Hackerspace", "hackerspace")]
    [InlineData("東京", "space")]
    public void FoldAName_ToAnAsciiSlug(string name, string slug)
    {
        Assert.Equal(slug, SpaceSlugs.FromName(name));
        Assert.Matches(SpaceRules.Slug(), SpaceSlugs.FromName(name));
    }

    [Fact]
    public void CutALongName_WithoutATrailingHyphen()
    {
        var slug = SpaceSlugs.FromName(new string('a', 59) + " b");

        Assert.Equal(new string('a', 59), slug);
    }

    [Fact]
    public async Task DeriveTheSlugFromTheName_AndNumberRepeats()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        JsonObject Body(string name) => new() { ["name"] = name, ["kind"] = "coworking", ["status"] = "open" };

        var first = await organizer.CreateSpaceAsync(Body("Café Zürich"));
        var second = await organizer.CreateSpaceAsync(Body("Cafe Zurich"));
        var third = await organizer.CreateSpaceAsync(Body("CAFÉ ZÜRICH"));
        var chosen = await organizer.CreateSpaceAsync(SpaceRequests.Minimal("Café Zürich", "cafe-zurich-hq"));

        Assert.Equal("cafe-zurich", first.GetProperty("slug").GetString());
        Assert.Equal("cafe-zurich-2", second.GetProperty("slug").GetString());
        Assert.Equal("cafe-zurich-3", third.GetProperty("slug").GetString());
        Assert.Equal("cafe-zurich-hq", chosen.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task StillRefuseAChosenSlugThatIsTaken()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        await organizer.CreateSpaceAsync(new JsonObject { ["name"] = "Jigsaw", ["kind"] = "makerspace", ["status"] = "open" });

        using var response = await organizer.PostAsync("/v1/spaces", SpaceRequests.Json(SpaceRequests.Minimal("Another", "jigsaw")));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "slug-taken");
    }

    [Fact]
    public async Task RefuseAPatchThatRemovesTheSlug()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Keeps Its Slug"));

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"slug": null}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("slug", out _));
    }
}
