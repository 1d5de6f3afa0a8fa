using System.Net;
using Alliances.Api.Tests.ApiKeys;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Priorities;

/// <summary>One vote per key per idea, withdrawable, counted on each idea, and only for ideas; also under concurrency.</summary>
public sealed class PriorityVotesShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task CountOneVotePerKey_EvenWhenAKeyVotesAgain()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var (owner, _) = await api.KeyClientAsync(alliance, "space_owner");
        using var _ = owner;
        var id = await organizer.ProposeIdAsync();

        Assert.Equal(1, (await organizer.VoteAsync(id)).Votes());
        Assert.Equal(1, (await organizer.VoteAsync(id)).Votes());
        Assert.Equal(2, (await owner.VoteAsync(id)).Votes());
        Assert.Equal(2, (await owner.VoteAsync(id)).Votes());

        Assert.Equal(2, (await organizer.GetPriorityAsync(id)).Votes());
        var tables = await PriorityTables.OfAsync(api, alliance);
        Assert.Equal(2, await tables.VoteRowsAsync(id));
    }

    [Fact]
    public async Task WithdrawAVote_AndTreatWithdrawingAMissingVoteAsDone()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        await organizer.VoteAsync(id);

        using (var withdrawn = await organizer.DeleteAsync($"/v1/priorities/{id}/vote"))
        {
            Assert.Equal(0, (await withdrawn.ReadJsonAsync()).Votes());
        }

        using (var again = await organizer.DeleteAsync($"/v1/priorities/{id}/vote"))
        {
            Assert.Equal(0, (await again.ReadJsonAsync()).Votes());
        }

        Assert.Equal(1, (await organizer.VoteAsync(id)).Votes());
    }

    [Fact]
    public async Task ChangeTheETag_WhenTheVoteCountChanges_ButNotUpdatedAt()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var created = await organizer.ProposeAsync();
        var id = created.Id();
        using var first = await organizer.GetAsync($"/v1/priorities/{id}");
        var etag = first.ETagOf();

        var voted = await organizer.VoteAsync(id);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/priorities/{id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var conditional = await organizer.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, conditional.StatusCode);
        Assert.NotEqual(etag, conditional.ETagOf());
        Assert.Equal(created.GetProperty("updatedAt").GetDateTimeOffset(), voted.GetProperty("updatedAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("active")]
    [InlineData("achieved")]
    [InlineData("dropped")]
    public async Task Return409PriorityNotAnIdea_ForAVoteOrAWithdrawalOnAnythingButAnIdea(string status)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        await organizer.VoteAsync(id);
        await organizer.PromoteAsync(id);
        if (status == "achieved")
        {
            await organizer.AchieveAsync(id);
        }
        else if (status == "dropped")
        {
            await organizer.DropAsync(id);
        }

        var (owner, _) = await api.KeyClientAsync(alliance, "space_owner");
        using var _ = owner;
        using var vote = await owner.ActAsync(id, "vote");
        var problem = await vote.AssertProblemAsync(HttpStatusCode.Conflict, "priority-not-an-idea");
        Assert.Equal(status, problem.GetProperty("priorityStatus").GetString());
        using var withdraw = await organizer.DeleteAsync($"/v1/priorities/{id}/vote");
        await withdraw.AssertProblemAsync(HttpStatusCode.Conflict, "priority-not-an-idea");

        Assert.Equal(1, (await organizer.GetPriorityAsync(id)).Votes());
        Assert.Equal(1, await (await PriorityTables.OfAsync(api, alliance)).VoteRowsAsync(id));
    }

    [Fact]
    public async Task KeepOneRow_WhenOneKeyVotesTwentyTimesAtOnce()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var tables = await PriorityTables.OfAsync(api, alliance);

        for (var round = 0; round < 5; round++)
        {
            var id = await organizer.ProposeIdAsync($"Round {round}");
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var votes = Enumerable.Range(0, 20).Select(async _ =>
            {
                await start.Task;
                using var response = await organizer.ActAsync(id, "vote");
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }).ToList();
            start.SetResult();

            foreach (var (status, body) in await Task.WhenAll(votes))
            {
                Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
            }

            Assert.Equal(1, await tables.VoteRowsAsync(id));
            Assert.Equal(1, await tables.StoredVoteCountAsync(id));
        }
    }

    [Fact]
    public async Task CountEveryKey_WhenManyKeysVoteAndWithdrawAtOnce()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var tables = await PriorityTables.OfAsync(api, alliance);
        var id = await organizer.ProposeIdAsync();
        var keys = new List<HttpClient>();
        for (var i = 0; i < 12; i++)
        {
            keys.Add(api.Alliance(alliance.Subdomain, (await organizer.CreateKeyAsync("space_owner", await organizer.CreateSpaceAsync($"Space {i}"), name: $"Owner {i}")).Key));
        }

        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Every key votes twice; the even ones also withdraw once, in between. Each key's own requests run in order.
            var work = keys.Select(async (client, i) =>
            {
                await start.Task;
                using (var vote = await client.ActAsync(id, "vote"))
                {
                    Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
                }

                if (i % 2 == 0)
                {
                    using var withdraw = await client.DeleteAsync($"/v1/priorities/{id}/vote");
                    Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
                }
                else
                {
                    using var again = await client.ActAsync(id, "vote");
                    Assert.Equal(HttpStatusCode.OK, again.StatusCode);
                }
            }).ToList();
            start.SetResult();
            await Task.WhenAll(work);
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }

        Assert.Equal(6, await tables.VoteRowsAsync(id));
        Assert.Equal(6, await tables.StoredVoteCountAsync(id));
        Assert.Equal(6, (await organizer.GetPriorityAsync(id)).Votes());
    }

    [Fact]
    public async Task RefuseToDeleteAnIdeaWithVotes_UntilTheVotesAreWithdrawn()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        await organizer.VoteAsync(id);

        using (var refused = await organizer.DeleteAsync($"/v1/priorities/{id}"))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict, "priority-not-deletable");
            Assert.Equal(1, problem.GetProperty("voteCount").GetInt32());
        }

        using (var withdraw = await organizer.DeleteAsync($"/v1/priorities/{id}/vote"))
        {
            await withdraw.ReadJsonAsync();
        }

        using var deleted = await organizer.DeleteAsync($"/v1/priorities/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }
}
