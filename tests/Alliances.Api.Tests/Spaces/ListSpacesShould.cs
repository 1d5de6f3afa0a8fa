using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Spaces;

public sealed class ListSpacesShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task WalkEveryPage_WithoutDuplicatesOrSkips_WhileSpacesAreAddedMidWalk()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var reader = api.Alliance(alliance.Subdomain);
        // Created out of order, so the list's order is the sort's, not the insertion's.
        var original = new List<string>();
        foreach (var n in new[] { 7, 2, 11, 5, 1, 9, 12, 3, 8, 6, 10, 4 })
        {
            var name = $"Space {n:00}";
            await organizer.CreateSpaceAsync(SpaceRequests.Minimal(name));
            original.Add(name);
        }

        var seen = new List<(string Name, Guid Id)>();
        var addedAfterCursor = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            using var response = await reader.GetAsync("/v1/spaces?limit=5" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var page = await response.ReadJsonAsync();
            var items = page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("name").GetString()!, i.GetProperty("id").GetGuid())).ToList();
            seen.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.Equal(cursor is not null, response.Headers.TryGetValues("Link", out var links));
            if (cursor is not null)
            {
                Assert.Contains("rel=\"next\"", links!.Single(), StringComparison.Ordinal);
                Assert.Contains("limit=5", links!.Single(), StringComparison.Ordinal);
            }

            pages++;
            if (pages == 1)
            {
                var last = items[^1].Item1; // "Space 05"
                // Before the cursor: not on a later page, and nothing already seen may come again.
                await organizer.CreateSpaceAsync(SpaceRequests.Minimal("Space 00", "space-00-new"));
                // The same name as the cursor's row, with a newer (greater) id: after the cursor, so it must show up.
                await organizer.CreateSpaceAsync(SpaceRequests.Minimal(last, "same-name-as-cursor"));
                await organizer.CreateSpaceAsync(SpaceRequests.Minimal("Space 99"));
                addedAfterCursor.AddRange([last, "Space 99"]);
            }
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(seen.Count, seen.Select(s => s.Id).Distinct().Count());
        Assert.All(original, name => Assert.Contains(seen, s => s.Name == name));
        Assert.Equal(2, seen.Count(s => s.Name == addedAfterCursor[0]));
        Assert.Contains(seen, s => s.Name == "Space 99");
        Assert.DoesNotContain(seen, s => s.Name == "Space 00");
        Assert.Equal(14, seen.Count);
        Assert.Equal([.. seen.Select(s => s.Name).Order(StringComparer.Ordinal)], seen.Select(s => s.Name));
    }

    [Fact]
    public async Task ApplyEachFilter_AndTheirCombinations()
    {
        var (organizer, reader, ids) = await FilterFixtureAsync();

        Assert.Equal(["Beta Lab"], await NamesAsync(reader, "kind=makerspace"));
        Assert.Equal(["Gamma Studio"], await NamesAsync(reader, "kind=artist_studio"));
        Assert.Equal(["Alpha Works", "Beta Lab"], await NamesAsync(reader, "status=open"));
        Assert.Equal(["Delta_Hub"], await NamesAsync(reader, "status=closed"));
        Assert.Equal(["Alpha Works", "Gamma Studio"], await NamesAsync(reader, "neighborhood=CAPITOL%20HILL"));
        Assert.Empty(await NamesAsync(reader, "neighborhood=capitol"));
        Assert.Equal(["Alpha Works", "Delta_Hub"], await NamesAsync(reader, "amenity=wifi&amenity=coffee"));
        Assert.Equal(["Beta Lab", "Delta_Hub"], await NamesAsync(reader, "amenity=laser_cutter"));
        Assert.Empty(await NamesAsync(reader, "amenity=laser_cutter&amenity=kitchen"));
        Assert.Equal(["Alpha Works", "Delta_Hub", "Gamma Studio"], await NamesAsync(reader, "q=CAPITOL"));
        Assert.Equal(["Beta Lab"], await NamesAsync(reader, "q=oak"));
        Assert.Equal(["Gamma Studio"], await NamesAsync(reader, "q=stud"));
        // % and _ are searched for as text, not as LIKE wildcards.
        Assert.Equal(["Alpha Works"], await NamesAsync(reader, "q=%25"));
        Assert.Equal(["Delta_Hub"], await NamesAsync(reader, "q=a_h"));
        Assert.Equal(["Alpha Works"], await NamesAsync(reader, "kind=coworking&status=open&amenity=wifi&q=works&neighborhood=capitol%20hill"));
        Assert.Empty(await NamesAsync(reader, "kind=coworking&status=closed"));

        Assert.Equal(["Alpha Works", "Beta Lab", "Delta_Hub", "Gamma Studio"], await NamesAsync(reader, "welcomed=false"));
        Assert.Empty(await NamesAsync(reader, "welcomed=true"));
        using (var welcome = await organizer.PostAsync($"/v1/spaces/{ids["Beta Lab"]}/welcome", null))
        {
            await welcome.ReadJsonAsync();
        }

        Assert.Equal(["Beta Lab"], await NamesAsync(reader, "welcomed=true"));
        Assert.Equal(["Alpha Works", "Delta_Hub", "Gamma Studio"], await NamesAsync(reader, "welcomed=false"));
        Assert.Equal(["Delta_Hub"], await NamesAsync(reader, "welcomed=false&amenity=laser_cutter"));
    }

    [Fact]
    public async Task CombineFiltersWithPagination_KeepingTheFiltersInTheNextLink()
    {
        var (_, reader, _) = await FilterFixtureAsync();

        var names = new List<string>();
        var path = "/v1/spaces?amenity=wifi&limit=1";
        for (var i = 0; i < 10 && path is not null; i++)
        {
            using var response = await reader.GetAsync(path);
            var page = await response.ReadJsonAsync();
            names.AddRange(page.Names());
            path = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
            if (path is not null)
            {
                Assert.Contains("amenity=wifi", path, StringComparison.Ordinal);
                Assert.Contains("limit=1", path, StringComparison.Ordinal);
            }
        }

        Assert.Equal(["Alpha Works", "Beta Lab", "Delta_Hub"], names);
    }

    [Theory]
    [InlineData("kind=castle", "kind")]
    [InlineData("kind=Coworking", "kind")]
    [InlineData("kind=coworking&kind=makerspace", "kind")]
    [InlineData("kind=", "kind")]
    [InlineData("status=shut", "status")]
    [InlineData("welcomed=yes", "welcomed")]
    [InlineData("welcomed=", "welcomed")]
    [InlineData("amenity=Free%20WiFi", "amenity")]
    [InlineData("amenity=", "amenity")]
    [InlineData("neighborhood=", "neighborhood")]
    [InlineData("q=", "q")]
    [InlineData("colour=blue", "colour")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Return400_NamingTheParameter_ForAnUnknownFilterOrABadValue(string query, string parameter)
    {
        var alliance = await api.ClaimAsync();
        using var reader = api.Alliance(alliance.Subdomain);

        using var response = await reader.GetAsync("/v1/spaces?" + query);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task Return400_ForASearchLongerThan200Characters()
    {
        var alliance = await api.ClaimAsync();
        using var reader = api.Alliance(alliance.Subdomain);

        using var response = await reader.GetAsync("/v1/spaces?q=" + new string('x', 201));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _));
    }

    private static async Task<IReadOnlyList<string>> NamesAsync(HttpClient reader, string query)
    {
        using var response = await reader.GetAsync("/v1/spaces?limit=100&" + query);
        return (await response.ReadJsonAsync()).Names();
    }

    private async Task<(HttpClient Organizer, HttpClient Reader, Dictionary<string, Guid> Ids)> FilterFixtureAsync()
    {
        var alliance = await api.ClaimAsync();
        var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var reader = api.Alliance(alliance.Subdomain);
        var ids = new Dictionary<string, Guid>();
        async Task AddAsync(string name, string kind, string status, string? neighborhood, string[] amenities, string? description)
        {
            var body = SpaceRequests.Minimal(name);
            body["kind"] = kind;
            body["status"] = status;
            body["neighborhood"] = neighborhood;
            body["amenities"] = new JsonArray([.. amenities.Select(a => (JsonNode)a)]);
            body["description"] = description;
            ids[name] = await organizer.CreateSpaceIdAsync(body);
        }

        await AddAsync("Gamma Studio", "artist_studio", "planning", "capitol hill", ["coffee"], "Painters' studios.");
        await AddAsync("Alpha Works", "coworking", "open", "Capitol Hill", ["wifi", "coffee"], "Desks and 100% real coffee.");
        await AddAsync("Delta_Hub", "incubator", "closed", null, ["wifi", "coffee", "laser_cutter"], "Big capitol ideas.");
        await AddAsync("Beta Lab", "makerspace", "open", "Georgetown", ["wifi", "laser_cutter"], "Woodworking in ash and oak.");
        return (organizer, reader, ids);
    }
}
