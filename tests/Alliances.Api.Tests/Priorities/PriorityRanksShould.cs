using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Priorities;

/// <summary>Active priorities are ranked 1..n without gaps: promote appends or inserts, achieve and drop close the gap.</summary>
public sealed class PriorityRanksShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AppendEachPromotedIdea_AtTheLowestRank()
    {
        var (organizer, tables, ids) = await ActiveAsync(3);
        using var organizerClient = organizer;

        Assert.Equal(ids, await organizer.ActiveIdsAsync());
        Assert.Equal([1, 2, 3], await tables.ActiveRanksAsync());
    }

    [Fact]
    public async Task InsertAtTheGivenRank_MovingTheOthersDownOne()
    {
        var (organizer, tables, ids) = await ActiveAsync(2);
        using var organizerClient = organizer;
        var first = await organizer.ProposeIdAsync("New first");

        var promoted = await organizer.PromoteAsync(first, rank: 1);

        Assert.Equal(1, promoted.Rank());
        Assert.Equal([first, ids[0], ids[1]], await organizer.ActiveIdsAsync());
        Assert.Equal([1, 2, 3], await tables.ActiveRanksAsync());
        Assert.Equal(2, (await organizer.GetPriorityAsync(ids[0])).Rank());
    }

    [Fact]
    public async Task AcceptTheRankJustAfterTheLast_AsAnAppend()
    {
        var (organizer, _, ids) = await ActiveAsync(1);
        using var organizerClient = organizer;
        var second = await organizer.ProposeIdAsync("Second");

        Assert.Equal(2, (await organizer.PromoteAsync(second, rank: 2)).Rank());
        Assert.Equal([ids[0], second], await organizer.ActiveIdsAsync());
    }

    [Fact]
    public async Task Return422NamingRank_ForARankPastTheEnd_And400ForARankBelowOne()
    {
        var (organizer, _, ids) = await ActiveAsync(1);
        using var organizerClient = organizer;
        var idea = await organizer.ProposeIdAsync("Idea");

        using (var past = await organizer.ActAsync(idea, "promote", """{"rank": 3}"""))
        {
            var problem = await past.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "rank-out-of-range");
            Assert.True(problem.GetProperty("errors").TryGetProperty("rank", out _), problem.ToString());
        }

        foreach (var json in new[] { """{"rank": 0}""", """{"rank": -1}""", """{"rank": "first"}""", """{"position": 1}""" })
        {
            using var bad = await organizer.ActAsync(idea, "promote", json);
            var problem = await bad.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(json.Contains("position", StringComparison.Ordinal) ? "position" : "rank", out _),
                problem.ToString());
        }

        Assert.Equal("idea", (await organizer.GetPriorityAsync(idea)).Status());
        Assert.Equal([ids[0]], await organizer.ActiveIdsAsync());
    }

    [Theory]
    [InlineData("achieve", 0)]
    [InlineData("achieve", 1)]
    [InlineData("drop", 0)]
    [InlineData("drop", 2)]
    public async Task CloseTheGap_WhenAnActivePriorityIsAchievedOrDropped(string action, int which)
    {
        var (organizer, tables, ids) = await ActiveAsync(3);
        using var organizerClient = organizer;

        using var response = await organizer.ActAsync(ids[which], action, action == "drop" ? """{"reason": "Done with it."}""" : null);
        await response.ReadJsonAsync();

        Assert.Equal(ids.Where((_, i) => i != which), await organizer.ActiveIdsAsync());
        Assert.Equal([1, 2], await tables.ActiveRanksAsync());
    }

    [Fact]
    public async Task ApplyANewOrder_AndAnswerWithTheActivePrioritiesInIt()
    {
        var (organizer, tables, ids) = await ActiveAsync(3);
        using var organizerClient = organizer;
        using var unchangedBefore = await organizer.GetAsync($"/v1/priorities/{ids[1]}");

        using var response = await organizer.PutOrderAsync(ids[2], ids[1], ids[0]);
        var body = await response.ReadJsonAsync();

        Assert.Equal([ids[2], ids[1], ids[0]], body.GetProperty("items").EnumerateArray().Select(p => p.Id()));
        Assert.Equal([1, 2, 3], body.GetProperty("items").EnumerateArray().Select(p => p.Rank()!.Value));
        Assert.Equal([ids[2], ids[1], ids[0]], await organizer.ActiveIdsAsync());
        Assert.Equal([1, 2, 3], await tables.ActiveRanksAsync());
        using var unchangedAfter = await organizer.GetAsync($"/v1/priorities/{ids[1]}");
        Assert.Equal(unchangedBefore.ETagOf(), unchangedAfter.ETagOf());
    }

    public static TheoryData<string> BadOrders => new() { "missing", "extra", "duplicated", "idea", "empty" };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task Return422NamingTheProblem_AndChangeNothing_WhenTheListIsNotExactlyTheActivePriorities(string kind)
    {
        var (organizer, tables, ids) = await ActiveAsync(3);
        using var organizerClient = organizer;
        var idea = await organizer.ProposeIdAsync("Just an idea");
        var stranger = Guid.CreateVersion7();
        var (order, expectMissing, expectExtra, expectDuplicated) = kind switch
        {
            "missing" => (new[] { ids[2], ids[0] }, new[] { ids[1] }, Array.Empty<Guid>(), Array.Empty<Guid>()),
            "extra" => ([ids[2], ids[1], ids[0], stranger], [], [stranger], []),
            "duplicated" => ([ids[2], ids[1], ids[0], ids[2]], [], [], [ids[2]]),
            "idea" => ([ids[2], idea, ids[0]], [ids[1]], [idea], []),
            _ => ([], [ids[0], ids[1], ids[2]], [], []),
        };

        using var response = await organizer.PutOrderAsync(order);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "priority-order-mismatch");
        Assert.True(problem.GetProperty("errors").TryGetProperty("ids", out _), problem.ToString());
        Assert.Equal(expectMissing.Order(), Ids(problem, "missing").Order());
        Assert.Equal(expectExtra, Ids(problem, "extra"));
        Assert.Equal(expectDuplicated, Ids(problem, "duplicated"));
        Assert.Equal(ids, await organizer.ActiveIdsAsync());
        Assert.Equal([1, 2, 3], await tables.ActiveRanksAsync());
    }

    [Theory]
    [InlineData("{}", "ids")]
    [InlineData("""{"ids": null}""", "ids")]
    [InlineData("""{"ids": ["not-a-uuid"]}""", "ids[0]")]
    [InlineData("""{"ids": [], "order": 1}""", "order")]
    public async Task Return400NamingTheField_ForAMalformedOrder(string json, string field)
    {
        var (organizer, _, _) = await ActiveAsync(1);
        using var organizerClient = organizer;

        using var response = await organizer.PutAsync("/v1/priorities/order", PriorityCalls.Json(json));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task ApplyEachOrderWhole_WhenManyReordersRaceWithAchievesAndPromotes()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        await organizer.SetLimitAsync(6);
        var tables = await PriorityTables.OfAsync(api, alliance);

        for (var round = 0; round < 10; round++)
        {
            var active = await organizer.ActiveIdsAsync();
            while (active.Count < 5)
            {
                active.Add((await organizer.PromoteAsync(await organizer.ProposeIdAsync($"Round {round}"))).Id());
            }

            var permutations = Enumerable.Range(0, 8).Select(i => active.OrderBy(_ => Random.Shared.Next()).ToArray()).ToList();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var reorders = permutations.Select(async order =>
            {
                await start.Task;
                using var response = await organizer.PutOrderAsync(order);
                return (Order: order, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }).ToList();
            var achieve = Task.Run(async () =>
            {
                await start.Task;
                using var response = await organizer.ActAsync(active[round % active.Count], "achieve");
                return response.StatusCode;
            });
            var promote = Task.Run(async () =>
            {
                await start.Task;
                using var response = await organizer.ActAsync(await organizer.ProposeIdAsync($"Racer {round}"), "promote");
                return response.StatusCode;
            });
            start.SetResult();
            var results = await Task.WhenAll(reorders);
            Assert.Equal(HttpStatusCode.OK, await achieve);
            Assert.Equal(HttpStatusCode.OK, await promote);

            foreach (var result in results)
            {
                // A reorder that ran after the achieve or the promote names a set that is no longer the active one.
                Assert.True(result.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"{(int)result.StatusCode} {result.Body}");
                if (result.StatusCode == HttpStatusCode.OK)
                {
                    var items = JsonDocument.Parse(result.Body).RootElement.GetProperty("items").EnumerateArray().Select(p => p.Id());
                    Assert.Equal(result.Order, items);
                }
            }

            var ranks = await tables.ActiveRanksAsync();
            Assert.Equal(Enumerable.Range(1, ranks.Count), ranks);
            Assert.Equal(5, ranks.Count);
        }
    }

    private static IEnumerable<Guid> Ids(JsonElement problem, string name) =>
        problem.GetProperty(name).EnumerateArray().Select(e => e.GetGuid());

    private async Task<(HttpClient Organizer, PriorityTables Tables, List<Guid> Ids)> ActiveAsync(int count)
    {
        var alliance = await api.ClaimAsync();
        var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await organizer.PromoteAsync(await organizer.ProposeIdAsync($"Active {i}"))).Id());
        }

        return (organizer, await PriorityTables.OfAsync(api, alliance), ids);
    }
}
