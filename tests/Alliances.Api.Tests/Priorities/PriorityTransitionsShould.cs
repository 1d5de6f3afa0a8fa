using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Priorities;

/// <summary>
/// Every allowed move and its history entry, and every other (status, action) pair refused with 409
/// <c>invalid-priority-transition</c> naming from and to, with nothing changed.
/// </summary>
public sealed class PriorityTransitionsShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task PromoteAnIdea_ToActiveAtTheNextRank_AndRecordWhoWhenAndWhy()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        var before = DateTimeOffset.UtcNow;

        using var response = await organizer.ActAsync(id, "promote", """{"reason": "Everyone asked for it."}""");
        var promoted = await response.ReadJsonAsync();

        Assert.Equal("active", promoted.Status());
        Assert.Equal(1, promoted.Rank());
        Assert.True(promoted.GetProperty("updatedAt").GetDateTimeOffset() > promoted.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(response.ETagOf(), (await organizer.GetAsync($"/v1/priorities/{id}")).ETagOf());
        var entry = (await organizer.HistoryAsync(id))[^1];
        AssertEntry(entry, "promote", "idea", "active", "Everyone asked for it.");
        Assert.Equal("Organizer key (created at claim)", entry.GetProperty("by").GetProperty("name").GetString());
        Assert.NotEqual(Guid.Empty, entry.GetProperty("by").GetProperty("keyId").GetGuid());
        Assert.InRange(entry.GetProperty("at").GetDateTimeOffset(), before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task AchieveAnActivePriority_SettingAchievedAt_ClearingItsRank_AndRecordingIt()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        await organizer.PromoteAsync(id);

        using var response = await organizer.ActAsync(id, "achieve", """{"reason": "The calendar is live."}""");
        var achieved = await response.ReadJsonAsync();

        Assert.Equal("achieved", achieved.Status());
        Assert.Null(achieved.Rank());
        Assert.Equal(achieved.GetProperty("updatedAt").GetDateTimeOffset(), achieved.GetProperty("achievedAt").GetDateTimeOffset());
        AssertEntry((await organizer.HistoryAsync(id))[^1], "achieve", "active", "achieved", "The calendar is live.");
    }

    [Fact]
    public async Task AchieveWithoutABody_RecordingNoReason()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        await organizer.PromoteAsync(id);

        await organizer.AchieveAsync(id);

        AssertEntry((await organizer.HistoryAsync(id))[^1], "achieve", "active", "achieved", null);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DropAnIdeaOrAnActivePriority_WithItsReason(bool active)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        if (active)
        {
            await organizer.PromoteAsync(id);
        }

        var dropped = await organizer.DropAsync(id, "  The landlord said no.  ");

        Assert.Equal("dropped", dropped.Status());
        Assert.Null(dropped.Rank());
        AssertEntry((await organizer.HistoryAsync(id))[^1], "drop", active ? "active" : "idea", "dropped", "The landlord said no.");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("""{"reason": ""}""")]
    [InlineData("""{"reason": "   "}""")]
    public async Task Return400NamingReason_WhenADropHasNoReason(string? json)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();

        using var response = await organizer.ActAsync(id, "drop", json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("reason", out _), problem.ToString());
        Assert.Equal("idea", (await organizer.GetPriorityAsync(id)).Status());
    }

    [Fact]
    public async Task Return400NamingReason_WhenAReasonIsLongerThan1000Characters()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();

        foreach (var action in new[] { "promote", "drop" })
        {
            using var response = await organizer.ActAsync(id, action, JsonSerializer.Serialize(new { reason = new string('r', 1001) }));
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _), problem.ToString());
        }

        Assert.Equal("idea", (await organizer.GetPriorityAsync(id)).Status());
    }

    [Fact]
    public async Task ReopenADroppedPriority_AsAnIdea_KeepingItsVotes()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        await organizer.VoteAsync(id);
        await organizer.DropAsync(id);

        using var response = await organizer.ActAsync(id, "reopen", """{"reason": "The landlord changed their mind."}""");
        var reopened = await response.ReadJsonAsync();

        Assert.Equal("idea", reopened.Status());
        Assert.Equal(1, reopened.Votes());
        AssertEntry((await organizer.HistoryAsync(id))[^1], "reopen", "dropped", "idea", "The landlord changed their mind.");
    }

    [Fact]
    public async Task RecordTheWholeLife_InOrder()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        await organizer.PromoteAsync(id);
        await organizer.DropAsync(id, "Too early.");
        await organizer.ReopenAsync(id);
        await organizer.PromoteAsync(id);
        await organizer.AchieveAsync(id);

        var history = await organizer.HistoryAsync(id);

        Assert.Equal(["propose", "promote", "drop", "reopen", "promote", "achieve"], history.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(history.Select(e => e.GetProperty("at").GetDateTimeOffset()).Order(), history.Select(e => e.GetProperty("at").GetDateTimeOffset()));
    }

    public static TheoryData<string, string> ForbiddenMoves => new()
    {
        { "idea", "achieve" },
        { "idea", "reopen" },
        { "active", "promote" },
        { "active", "reopen" },
        { "achieved", "promote" },
        { "achieved", "achieve" },
        { "achieved", "drop" },
        { "achieved", "reopen" },
        { "dropped", "promote" },
        { "dropped", "achieve" },
        { "dropped", "drop" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenMoves))]
    public async Task Return409NamingTheRule_FromAndTo_ForAMoveTheStatusDoesNotAllow_AndChangeNothing(string status, string action)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await PriorityInAsync(organizer, status);
        var before = await organizer.GetAsync($"/v1/priorities/{id}");
        var historyBefore = await organizer.HistoryAsync(id);

        using var response = await organizer.ActAsync(id, action, action == "drop" ? """{"reason": "Because."}""" : null);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "invalid-priority-transition");
        Assert.Equal(status, problem.GetProperty("from").GetString());
        Assert.Equal(TargetOf(action), problem.GetProperty("to").GetString());
        Assert.Equal(action, problem.GetProperty("action").GetString());
        Assert.Contains(status, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var after = await organizer.GetAsync($"/v1/priorities/{id}");
        Assert.Equal(before.ETagOf(), after.ETagOf());
        Assert.Equal(historyBefore.Count, (await organizer.HistoryAsync(id)).Count);
    }

    [Fact]
    public async Task Return404_ForEveryActionOnAPriorityThatDoesNotExist()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        foreach (var action in new[] { "promote", "achieve", "drop", "reopen", "vote" })
        {
            using var response = await organizer.ActAsync(Guid.CreateVersion7(), action, action == "drop" ? """{"reason": "x"}""" : null);
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        }

        using var history = await organizer.GetAsync($"/v1/priorities/{Guid.CreateVersion7()}/history");
        await history.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    private static string TargetOf(string action) => action switch
    {
        "promote" => "active",
        "achieve" => "achieved",
        "drop" => "dropped",
        "reopen" => "idea",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private static async Task<Guid> PriorityInAsync(HttpClient organizer, string status)
    {
        var id = await organizer.ProposeIdAsync("In " + status);
        switch (status)
        {
            case "active":
                await organizer.PromoteAsync(id);
                break;
            case "achieved":
                await organizer.PromoteAsync(id);
                await organizer.AchieveAsync(id);
                break;
            case "dropped":
                await organizer.DropAsync(id);
                break;
        }

        Assert.Equal(status, (await organizer.GetPriorityAsync(id)).Status());
        return id;
    }

    private static void AssertEntry(JsonElement entry, string action, string from, string to, string? reason)
    {
        Assert.Equal(action, entry.GetProperty("action").GetString());
        Assert.Equal(from, entry.GetProperty("from").GetString());
        Assert.Equal(to, entry.GetProperty("to").GetString());
        if (reason is null)
        {
            Assert.Equal(JsonValueKind.Null, entry.GetProperty("reason").ValueKind);
        }
        else
        {
            Assert.Equal(reason, entry.GetProperty("reason").GetString());
        }
    }
}
