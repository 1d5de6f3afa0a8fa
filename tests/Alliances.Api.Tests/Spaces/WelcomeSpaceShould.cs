using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Spaces;

public sealed class WelcomeSpaceShould(SharedAllianceFactory api) : IClassFixture<SharedAllianceFactory>
{
    [Fact]
    public async Task RecordWhenAndByWhichKey_AndChangeTheETag()
    {
        var (organizer, id) = await NewSpaceAsync();
        using var before = await organizer.GetAsync($"/v1/spaces/{id}");
        var start = DateTimeOffset.UtcNow;

        using var response = await organizer.PostAsync($"/v1/spaces/{id}/welcome", null);
        var welcomed = await response.ReadJsonAsync();

        Assert.InRange(welcomed.GetProperty("welcomedAt").GetDateTimeOffset(), start.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal("Organizer key (created at claim)", welcomed.GetProperty("welcomedBy").GetString());
        Assert.NotEqual(before.ETag(), response.ETag());
        using var after = await organizer.GetAsync($"/v1/spaces/{id}");
        Assert.Equal(response.ETag(), after.ETag());
        Assert.Equal(welcomed.ToString(), (await after.ReadJsonAsync()).ToString());
    }

    [Fact]
    public async Task NameTheKeyThatWelcomed()
    {
        var alliance = await api.SharedAllianceAsync();
        var (organizer, id) = await NewSpaceAsync();
        var marias = await organizer.CreateKeyAsync("organizer", name: "Maria's laptop");
        using var maria = api.Alliance(alliance.Subdomain, marias);

        using var response = await maria.PostAsync($"/v1/spaces/{id}/welcome", null);

        Assert.Equal("Maria's laptop", (await response.ReadJsonAsync()).GetProperty("welcomedBy").GetString());
    }

    [Fact]
    public async Task Return409_TheSecondTime_AndKeepTheFirstWelcome()
    {
        var (organizer, id) = await NewSpaceAsync();
        using var first = await organizer.PostAsync($"/v1/spaces/{id}/welcome", null);
        var firstAt = (await first.ReadJsonAsync()).GetProperty("welcomedAt").GetString();

        using var second = await organizer.PostAsync($"/v1/spaces/{id}/welcome", null);

        var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict, "already-welcomed");
        Assert.Contains("welcomed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var read = await organizer.GetAsync($"/v1/spaces/{id}");
        Assert.Equal(firstAt, (await read.ReadJsonAsync()).GetProperty("welcomedAt").GetString());
    }

    [Fact]
    public async Task LetExactlyOneOfTwoConcurrentWelcomesWin()
    {
        var (organizer, id) = await NewSpaceAsync();
        var alliance = await api.SharedAllianceAsync();
        await using var gate = await RaceGate.CloseAsync(api.Database, alliance.Id, "spaces", "BEFORE UPDATE");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 4).Select(async _ =>
        {
            await go.Task;
            return await organizer.PostAsync($"/v1/spaces/{id}/welcome", null);
        }).ToList();

        go.SetResult(); // all four released together
        // A welcome stops inside its transaction, holding the space's row; the race is real once another is seen in
        // flight beside it (at the gate too, or waiting on that row).
        await gate.OpenWhenAsync(seen => seen.AtGate + seen.WaitingOnThem >= 2);
        var responses = await Task.WhenAll(racers);

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task TakeTheSpaceOffTheWaitingList()
    {
        var (organizer, id) = await NewSpaceAsync();
        using var reader = api.Alliance((await api.SharedAllianceAsync()).Subdomain);
        Assert.Contains(id, await WaitingAsync(reader));

        using (var welcome = await organizer.PostAsync($"/v1/spaces/{id}/welcome", null))
        {
            Assert.Equal(HttpStatusCode.OK, welcome.StatusCode);
        }

        Assert.DoesNotContain(id, await WaitingAsync(reader));
    }

    [Fact]
    public async Task Return404_ForASpaceThatDoesNotExist()
    {
        var (organizer, _) = await NewSpaceAsync();

        using var response = await organizer.PostAsync($"/v1/spaces/{Guid.CreateVersion7()}/welcome", null);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<List<Guid>> WaitingAsync(HttpClient reader)
    {
        var ids = new List<Guid>();
        var path = "/v1/spaces?welcomed=false&limit=100";
        while (path is not null)
        {
            using var response = await reader.GetAsync(path);
            var page = await response.ReadJsonAsync();
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Equal(JsonValueKind.Null, i.GetProperty("welcomedAt").ValueKind));
            path = page.GetProperty("nextCursor").GetString() is { } cursor ? "/v1/spaces?welcomed=false&limit=100&cursor=" + Uri.EscapeDataString(cursor) : null;
        }

        return ids;
    }

    private async Task<(HttpClient Organizer, Guid Id)> NewSpaceAsync()
    {
        var alliance = await api.SharedAllianceAsync();
        var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Welcome " + Guid.NewGuid().ToString("N")[..8]));
        return (organizer, id);
    }
}
