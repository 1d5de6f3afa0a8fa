using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Priorities;

/// <summary>
/// The number of active priorities never exceeds the alliance's <c>maxActivePriorities</c>: not at the limit, not under
/// twenty concurrent promotes, and not when the limit is lowered while promotes run.
/// </summary>
public sealed class PriorityLimitShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Rounds = 20;
    private const int ConcurrentPromotes = 20;

    [Fact]
    public async Task Return409PriorityLimitReached_WithTheLimitAndTheActivePriorities_AtTheLimit()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var active = new List<Guid>();
        foreach (var title in new[] { "First", "Second", "Third" })
        {
            active.Add(await organizer.ProposeIdAsync(title));
            await organizer.PromoteAsync(active[^1]);
        }

        var fourth = await organizer.ProposeIdAsync("Fourth");
        using var response = await organizer.ActAsync(fourth, "promote");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "priority-limit-reached");
        Assert.Equal(3, problem.GetProperty("limit").GetInt32());
        var listed = problem.GetProperty("activePriorities").EnumerateArray().ToList();
        Assert.Equal(active, listed.Select(p => p.GetProperty("id").GetGuid()));
        Assert.Equal(["First", "Second", "Third"], listed.Select(p => p.GetProperty("title").GetString()));
        Assert.Equal("idea", (await organizer.GetPriorityAsync(fourth)).Status());
        Assert.Single(await organizer.HistoryAsync(fourth));
    }

    [Fact]
    public async Task FreeASlot_WhenAnActivePriorityIsAchievedOrDropped()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        await organizer.SetLimitAsync(1);
        var first = await organizer.ProposeIdAsync("First");
        var second = await organizer.ProposeIdAsync("Second");
        var third = await organizer.ProposeIdAsync("Third");
        await organizer.PromoteAsync(first);
        using (var refused = await organizer.ActAsync(second, "promote"))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "priority-limit-reached");
        }

        await organizer.AchieveAsync(first);
        await organizer.PromoteAsync(second);
        await organizer.DropAsync(second);
        Assert.Equal(1, (await organizer.PromoteAsync(third)).Rank());
    }

    [Fact]
    public async Task LetExactlyOneOfTwentyConcurrentPromotesTakeTheLastSlot_TwentyTimesOver()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var tables = await PriorityTables.OfAsync(api, alliance);
        const int limit = 3;
        for (var i = 0; i < limit - 1; i++)
        {
            await organizer.PromoteAsync(await organizer.ProposeIdAsync($"Standing {i}"));
        }

        // Watches the table from outside the API for the whole test: the rule holds at every moment, not only at the end.
        using var stop = new CancellationTokenSource();
        var watcher = WatchMaximumActiveAsync(tables, stop.Token);
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                var ideas = await Task.WhenAll(Enumerable.Range(0, ConcurrentPromotes)
                    .Select(i => organizer.ProposeIdAsync($"Round {round} idea {i}")));
                var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var promotes = ideas.Select(async id =>
                {
                    await start.Task;
                    using var response = await organizer.ActAsync(id, "promote");
                    return (Id: id, Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
                }).ToList();
                start.SetResult();
                var results = await Task.WhenAll(promotes);

                var winners = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
                Assert.True(winners.Count == 1,
                    $"Round {round}: {winners.Count} promotes succeeded: " + string.Join(" | ", results.Select(r => $"{(int)r.Status} {r.Body}")));
                foreach (var loser in results.Where(r => r.Status != HttpStatusCode.OK))
                {
                    Assert.True(loser.Status == HttpStatusCode.Conflict, $"Round {round}: {(int)loser.Status} {loser.Body}");
                    var problem = JsonDocument.Parse(loser.Body).RootElement;
                    Assert.Equal("https://alliances.dev/problems/priority-limit-reached", problem.GetProperty("type").GetString());
                    Assert.Equal(limit, problem.GetProperty("activePriorities").GetArrayLength());
                }

                Assert.Equal(limit, await tables.ActiveCountAsync());
                Assert.Equal([1, 2, 3], await tables.ActiveRanksAsync());
                Assert.Equal(limit, JsonDocument.Parse(winners[0].Body).RootElement.Rank());
                // Free the slot again for the next round.
                await organizer.AchieveAsync(winners[0].Id);
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        var (maximum, samples) = await watcher;
        Assert.True(samples > 0, "The watcher never read the table.");
        Assert.True(maximum <= limit, $"The database held {maximum} active priorities at some moment; the limit is {limit}.");
    }

    [Fact]
    public async Task Refuse409PriorityLimitBelowActive_WhenTheLimitIsLoweredBelowTheActiveCount_SayingHowManyMustGo()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var active = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            active.Add(await organizer.ProposeIdAsync($"Active {i}"));
            await organizer.PromoteAsync(active[^1]);
        }

        using var response = await organizer.PatchAsync("/v1/alliance", PriorityCalls.Json("""{"maxActivePriorities": 1}""", "application/merge-patch+json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "priority-limit-below-active");
        Assert.Equal(1, problem.GetProperty("limit").GetInt32());
        Assert.Equal(2, problem.GetProperty("mustAchieveOrDrop").GetInt32());
        Assert.Equal(active, problem.GetProperty("activePriorities").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
        Assert.Contains("2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var alliance1 = await organizer.GetAsync("/v1/alliance");
        Assert.Equal(3, (await alliance1.ReadJsonAsync()).GetProperty("maxActivePriorities").GetInt32());

        await organizer.AchieveAsync(active[0]);
        await organizer.DropAsync(active[1]);
        await organizer.SetLimitAsync(1);
        using var alliance2 = await organizer.GetAsync("/v1/alliance");
        Assert.Equal(1, (await alliance2.ReadJsonAsync()).GetProperty("maxActivePriorities").GetInt32());
    }

    [Fact]
    public async Task AllowRaisingTheLimit_AndLoweringItToExactlyTheActiveCount()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        await organizer.PromoteAsync(await organizer.ProposeIdAsync("One"));
        await organizer.PromoteAsync(await organizer.ProposeIdAsync("Two"));

        await organizer.SetLimitAsync(5);
        await organizer.SetLimitAsync(2);

        using var refused = await organizer.ActAsync(await organizer.ProposeIdAsync("Three"), "promote");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict, "priority-limit-reached");
        Assert.Equal(2, problem.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task NeverLetAPromoteAndALoweredLimitBothSucceed_WhenTheyRace_TwentyTimesOver()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var tables = await PriorityTables.OfAsync(api, alliance);
        await organizer.PromoteAsync(await organizer.ProposeIdAsync("Standing 1"));
        await organizer.PromoteAsync(await organizer.ProposeIdAsync("Standing 2"));

        for (var round = 0; round < Rounds; round++)
        {
            var idea = await organizer.ProposeIdAsync($"Round {round}");
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var promote = Task.Run(async () =>
            {
                await start.Task;
                using var response = await organizer.ActAsync(idea, "promote");
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            });
            var lower = Task.Run(async () =>
            {
                await start.Task;
                using var response = await organizer.PatchAsync("/v1/alliance",
                    PriorityCalls.Json("""{"maxActivePriorities": 2}""", "application/merge-patch+json"));
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            });
            start.SetResult();
            var (promoted, promoteBody) = await promote;
            var (lowered, lowerBody) = await lower;

            Assert.True((promoted == HttpStatusCode.OK) != (lowered == HttpStatusCode.OK),
                $"Round {round}: promote {(int)promoted} {promoteBody} / lower {(int)lowered} {lowerBody}");
            Assert.Contains(promoted == HttpStatusCode.OK ? "priority-limit-below-active" : "priority-limit-reached",
                promoted == HttpStatusCode.OK ? lowerBody : promoteBody, StringComparison.Ordinal);
            using var profile = await organizer.GetAsync("/v1/alliance");
            var limit = (await profile.ReadJsonAsync()).GetProperty("maxActivePriorities").GetInt32();
            Assert.True(await tables.ActiveCountAsync() <= limit, $"Round {round}: more active priorities than the limit of {limit}.");

            // Back to two active and a limit of three.
            if (promoted == HttpStatusCode.OK)
            {
                await organizer.AchieveAsync(idea);
            }

            await organizer.SetLimitAsync(3);
        }
    }

    private static async Task<(long Maximum, int Samples)> WatchMaximumActiveAsync(PriorityTables tables, CancellationToken stop)
    {
        long maximum = 0;
        var samples = 0;
        while (!stop.IsCancellationRequested)
        {
            maximum = Math.Max(maximum, await tables.ActiveCountAsync());
            samples++;
            try
            {
                await Task.Delay(5, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (maximum, samples);
    }
}
