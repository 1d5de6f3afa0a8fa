using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Priorities;

/// <summary>Filters, both sorts, and keyset pagination that neither repeats nor skips a priority.</summary>
public sealed class ListPrioritiesShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ListActivePrioritiesByRankFirst_ThenEverythingElseOldestFirst_ByDefault()
    {
        var (organizer, p) = await BacklogAsync();
        using var _ = organizer;

        var titles = (await organizer.ListAllAsync()).Select(Title).ToList();

        Assert.Equal(["Active B", "Active A", "Idea 1", "Idea 2", "Dropped", "Idea 3", "Achieved"], titles);
        Assert.Equal(titles, (await organizer.ListAllAsync("?sort=rank")).Select(Title));
        Assert.Equal(7, p.Count);
    }

    [Fact]
    public async Task SortByVotes_MostFirst_ThenOldestFirst()
    {
        var (organizer, _) = await BacklogAsync();
        using var __ = organizer;

        var ideas = await organizer.ListAllAsync("?status=idea&sort=votes");

        Assert.Equal(["Idea 2", "Idea 1", "Idea 3"], ideas.Select(Title));
        Assert.Equal([2, 1, 1], ideas.Select(i => i.Votes()));
    }

    [Theory]
    [InlineData("?status=active", new[] { "Active B", "Active A" })]
    [InlineData("?status=idea", new[] { "Idea 1", "Idea 2", "Idea 3" })]
    [InlineData("?status=achieved", new[] { "Achieved" })]
    [InlineData("?status=dropped", new[] { "Dropped" })]
    [InlineData("?area=member_projects", new[] { "Active A", "Idea 2" })]
    [InlineData("?area=member_projects&status=idea", new[] { "Idea 2" })]
    [InlineData("?area=other", new string[0])]
    public async Task Filter_ByStatusAndArea(string query, string[] expected)
    {
        var (organizer, _) = await BacklogAsync();
        using var __ = organizer;

        Assert.Equal(expected, (await organizer.ListAllAsync(query)).Select(Title));
    }

    [Theory]
    [InlineData("?status=open", "status")]
    [InlineData("?status=", "status")]
    [InlineData("?status=idea&status=active", "status")]
    [InlineData("?area=world_peace", "area")]
    [InlineData("?sort=age", "sort")]
    [InlineData("?sort=Votes", "sort")]
    [InlineData("?owner=me", "owner")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?cursor=nonsense", "cursor")]
    public async Task Return400NamingTheParameter_ForAnUnknownParameterOrABadValue(string query, string parameter)
    {
        var alliance = await api.ClaimAsync();
        using var anonymous = api.Alliance(alliance.Subdomain);

        using var response = await anonymous.GetAsync("/v1/priorities" + query);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?sort=votes")]
    [InlineData("?status=idea&sort=votes")]
    public async Task WalkEveryPriorityOnce_PageByPage_WithALinkToTheNextPage(string query)
    {
        var (organizer, _) = await BacklogAsync();
        using var __ = organizer;
        var whole = (await organizer.ListAllAsync(query)).Select(p => p.Id()).ToList();

        var walked = (await organizer.ListAllAsync(query, limit: 2)).Select(p => p.Id()).ToList();

        Assert.Equal(whole, walked);
        using var first = await organizer.GetAsync("/v1/priorities" + (query.Length == 0 ? "?" : query + "&") + "limit=1");
        var page = await first.ReadJsonAsync();
        var cursor = page.GetProperty("nextCursor").GetString()!;
        var link = first.Headers.GetValues("Link").Single();
        Assert.Contains("rel=\"next\"", link, StringComparison.Ordinal);
        Assert.Contains("cursor=" + Uri.EscapeDataString(cursor), link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeitherRepeatNorSkip_WhenIdeasAreProposedDuringAWalk()
    {
        var (organizer, _) = await BacklogAsync();
        using var __ = organizer;
        var before = (await organizer.ListAllAsync()).Select(p => p.Id()).ToList();

        var seen = new List<Guid>();
        string? cursor = null;
        var proposed = 0;
        do
        {
            using var response = await organizer.GetAsync("/v1/priorities?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var page = await response.ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.Id()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
            await organizer.ProposeIdAsync($"Proposed mid-walk {proposed++}");
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(before, seen.Take(before.Count));
    }

    [Fact]
    public async Task Return400NamingCursor_WhenACursorIsUsedWithTheOtherSort()
    {
        var (organizer, _) = await BacklogAsync();
        using var __ = organizer;
        using var byVotes = await organizer.GetAsync("/v1/priorities?sort=votes&limit=1");
        var cursor = (await byVotes.ReadJsonAsync()).GetProperty("nextCursor").GetString()!;

        using var response = await organizer.GetAsync("/v1/priorities?limit=1&cursor=" + Uri.EscapeDataString(cursor));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _), problem.ToString());
    }

    [Fact]
    public async Task PageThroughAPriorityHistory()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        for (var i = 0; i < 3; i++)
        {
            await organizer.DropAsync(id, $"Drop {i}");
            await organizer.ReopenAsync(id);
        }

        var all = await organizer.HistoryAsync(id);
        var walked = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await organizer.GetAsync($"/v1/priorities/{id}/history?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var page = await response.ReadJsonAsync();
            walked.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(7, all.Count);
        Assert.Equal(all.Select(e => e.GetProperty("id").GetString()), walked);
    }

    private static string Title(JsonElement priority) => priority.GetProperty("title").GetString()!;

    /// <summary>
    /// Seven priorities: two active (B ranked above A), three ideas with 1, 2 and 1 votes, one achieved, one dropped.
    /// Created in the order Active A, Idea 1, Active B, Idea 2, Dropped, Idea 3, Achieved.
    /// </summary>
    private async Task<(HttpClient Organizer, List<Guid> Ids)> BacklogAsync()
    {
        var alliance = await api.ClaimAsync();
        var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var (owner, _) = await api.KeyClientAsync(alliance, "space_owner");
        using var _ = owner;
        var activeA = await organizer.ProposeIdAsync("Active A", "member_projects");
        var idea1 = await organizer.ProposeIdAsync("Idea 1", "community");
        var activeB = await organizer.ProposeIdAsync("Active B", "support_new_spaces");
        var idea2 = await organizer.ProposeIdAsync("Idea 2", "member_projects");
        var dropped = await organizer.ProposeIdAsync("Dropped", "community");
        var idea3 = await organizer.ProposeIdAsync("Idea 3", "tools_and_investment");
        var achieved = await organizer.ProposeIdAsync("Achieved", "tools_and_investment");
        await organizer.PromoteAsync(activeA);
        await organizer.PromoteAsync(activeB, rank: 1);
        await organizer.PromoteAsync(achieved);
        await organizer.AchieveAsync(achieved);
        await organizer.DropAsync(dropped);
        await organizer.VoteAsync(idea1);
        await organizer.VoteAsync(idea2);
        await owner.VoteAsync(idea2);
        await owner.VoteAsync(idea3);
        return (organizer, [activeA, idea1, activeB, idea2, dropped, idea3, achieved]);
    }
}
