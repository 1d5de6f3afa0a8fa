using System.Net;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Priorities;

/// <summary>
/// The API keys matrix applied to priorities: anyone reads, organizers and space owners propose and vote, a proposer
/// edits their own idea, integration keys only read, and only organizers move priorities.
/// </summary>
public sealed class PriorityPermissionsShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task LetASpaceOwnerProposeVoteAndEditTheirOwnIdea()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var (owner, key) = await api.KeyClientAsync(alliance, "space_owner", name: "Maple Leaf owner");
        using var _ = owner;

        var proposed = await owner.ProposeAsync("Reciprocal day passes");
        Assert.Equal(key.Id, proposed.GetProperty("proposedBy").GetProperty("keyId").GetGuid());
        Assert.Equal(1, (await owner.VoteAsync(proposed.Id())).Votes());
        using var patch = await owner.PatchJsonAsync($"/v1/priorities/{proposed.Id()}", """{"progressNotes": "Two spaces agreed."}""");
        Assert.Equal("Two spaces agreed.", (await patch.ReadJsonAsync()).GetProperty("progressNotes").GetString());
        using var withdraw = await owner.DeleteAsync($"/v1/priorities/{proposed.Id()}/vote");
        Assert.Equal(0, (await withdraw.ReadJsonAsync()).Votes());

        // The organizer may edit anyone's idea.
        using var organizerPatch = await organizer.PatchJsonAsync($"/v1/priorities/{proposed.Id()}", """{"title": "Day passes"}""");
        await organizerPatch.ReadJsonAsync();
    }

    [Fact]
    public async Task Return403_WhenASpaceOwnerEditsAnIdeaTheyDidNotPropose()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var (owner, _) = await api.KeyClientAsync(alliance, "space_owner");
        var (otherOwner, _) = await api.KeyClientAsync(alliance, "space_owner");
        using var _ = owner;
        using var __ = otherOwner;
        var byOrganizer = await organizer.ProposeAsync("The organizers' idea");
        var byOther = await otherOwner.ProposeAsync("Another owner's idea");

        foreach (var target in new[] { byOrganizer, byOther })
        {
            using var response = await owner.PatchJsonAsync($"/v1/priorities/{target.Id()}", """{"title": "Hijacked"}""");
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            Assert.Equal(target.ToString(), (await organizer.GetPriorityAsync(target.Id())).ToString());
        }
    }

    [Fact]
    public async Task Return403_WhenASpaceOwnerMovesAPriority_AndChangeNothing()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var (owner, _) = await api.KeyClientAsync(alliance, "space_owner");
        using var _ = owner;
        var idea = await owner.ProposeIdAsync("My idea");
        var active = await organizer.ProposeIdAsync("Active");
        await organizer.PromoteAsync(active);
        var dropped = await organizer.ProposeIdAsync("Dropped");
        await organizer.DropAsync(dropped);

        var attempts = new (string Method, string Path, string? Json)[]
        {
            ("POST", $"/v1/priorities/{idea}/promote", null),
            ("POST", $"/v1/priorities/{active}/achieve", null),
            ("POST", $"/v1/priorities/{active}/drop", """{"reason": "Mine now."}"""),
            ("POST", $"/v1/priorities/{idea}/drop", """{"reason": "Mine now."}"""),
            ("POST", $"/v1/priorities/{dropped}/reopen", null),
            ("PUT", "/v1/priorities/order", $$"""{"ids": ["{{active}}"]}"""),
            ("DELETE", $"/v1/priorities/{idea}", null),
        };
        var before = (await organizer.ListAllAsync()).Select(p => p.ToString()).ToList();

        foreach (var (method, path, json) in attempts)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = json is null ? null : PriorityCalls.Json(json) };
            using var response = await owner.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.Equal(before, (await organizer.ListAllAsync()).Select(p => p.ToString()));
    }

    [Fact]
    public async Task LetAnIntegrationKeyReadEverything_ButChangeNothing()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var (integration, _) = await api.KeyClientAsync(alliance, "integration");
        using var _ = integration;
        var id = await organizer.ProposeIdAsync();

        Assert.Single(await integration.ListAllAsync());
        await integration.GetPriorityAsync(id);
        Assert.Single(await integration.HistoryAsync(id));

        using (var create = await integration.PostAsync("/v1/priorities", PriorityCalls.Body("From a bot")))
        {
            await create.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var vote = await integration.ActAsync(id, "vote"))
        {
            await vote.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var withdraw = await integration.DeleteAsync($"/v1/priorities/{id}/vote"))
        {
            await withdraw.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var patch = await integration.PatchJsonAsync($"/v1/priorities/{id}", """{"title": "x"}"""))
        {
            await patch.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var promote = await integration.ActAsync(id, "promote"))
        {
            await promote.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.Single(await organizer.ListAllAsync());
        Assert.Equal(0, (await organizer.GetPriorityAsync(id)).Votes());
    }

    [Fact]
    public async Task LetAnyoneReadWithoutAKey_AndRefuseEveryWriteWith401()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var anonymous = api.Alliance(alliance.Subdomain);
        var id = await organizer.ProposeIdAsync();

        Assert.Single(await anonymous.ListAllAsync());
        await anonymous.GetPriorityAsync(id);
        Assert.Single(await anonymous.HistoryAsync(id));

        var writes = new (string Method, string Path, string? Json)[]
        {
            ("POST", "/v1/priorities", """{"title": "x", "area": "other"}"""),
            ("PATCH", $"/v1/priorities/{id}", """{"title": "x"}"""),
            ("DELETE", $"/v1/priorities/{id}", null),
            ("POST", $"/v1/priorities/{id}/vote", null),
            ("DELETE", $"/v1/priorities/{id}/vote", null),
            ("POST", $"/v1/priorities/{id}/promote", null),
            ("POST", $"/v1/priorities/{id}/achieve", null),
            ("POST", $"/v1/priorities/{id}/drop", """{"reason": "x"}"""),
            ("POST", $"/v1/priorities/{id}/reopen", null),
            ("PUT", "/v1/priorities/order", """{"ids": []}"""),
        };
        foreach (var (method, path, json) in writes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = json is null ? null : PriorityCalls.Json(json) };
            using var response = await anonymous.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        Assert.Single(await organizer.ListAllAsync());
    }
}
