using System.Net;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Spaces;

/// <summary>
/// The matrix from the API keys issue: reads are public; organizers create, change, delete and welcome; a space owner
/// changes only its own space; integrations read but never write; a key of another alliance is unknown here (401).
/// </summary>
public sealed class SpacePermissionsShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task LetAnyoneRead_WithoutAKey()
    {
        var (alliance, _, ownId, _) = await SetUpAsync();
        using var anonymous = api.Alliance(alliance.Subdomain);

        foreach (var path in new[] { "/v1/spaces", $"/v1/spaces/{ownId}", $"/v1/spaces/{ownId}/spaceapi.json", "/v1/spaceapi-directory.json" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Return401_ForWritesWithoutAKey()
    {
        var (alliance, _, ownId, _) = await SetUpAsync();
        using var anonymous = api.Alliance(alliance.Subdomain);

        await AssertStatusAsync(anonymous, ownId, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LetAnOrganizerCreateChangeWelcomeAndDelete()
    {
        var (alliance, organizer, ownId, _) = await SetUpAsync();

        using (var create = await organizer.PostAsync("/v1/spaces", SpaceRequests.Json(SpaceRequests.Minimal("New Space"))))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        using (var patch = await organizer.PatchJsonAsync($"/v1/spaces/{ownId}", """{"capacity": 9}"""))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        using (var welcome = await organizer.PostAsync($"/v1/spaces/{ownId}/welcome", null))
        {
            Assert.Equal(HttpStatusCode.OK, welcome.StatusCode);
        }

        using (var delete = await organizer.DeleteAsync($"/v1/spaces/{ownId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var gone = await api.Alliance(alliance.Subdomain).GetAsync($"/v1/spaces/{ownId}");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LetASpaceOwnerChangeItsOwnSpace_AndNothingElse()
    {
        var (alliance, organizer, ownId, otherId) = await SetUpAsync();
        var ownerKey = await organizer.CreateKeyAsync("space_owner", ownId, "Own space's key");
        using var owner = api.Alliance(alliance.Subdomain, ownerKey);

        using (var own = await owner.PatchJsonAsync($"/v1/spaces/{ownId}", """{"description": "Now with a kitchen."}"""))
        {
            Assert.Equal("Now with a kitchen.", (await own.ReadJsonAsync()).GetProperty("description").GetString());
        }

        using (var other = await owner.PatchJsonAsync($"/v1/spaces/{otherId}", """{"description": "Hijacked."}"""))
        {
            var problem = await other.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            Assert.Contains("bound", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var create = await owner.PostAsync("/v1/spaces", SpaceRequests.Json(SpaceRequests.Minimal("Owner's New Space"))))
        {
            await create.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var welcome = await owner.PostAsync($"/v1/spaces/{ownId}/welcome", null))
        {
            await welcome.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var delete = await owner.DeleteAsync($"/v1/spaces/{ownId}"))
        {
            await delete.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        using var read = await organizer.GetAsync($"/v1/spaces/{otherId}");
        Assert.NotEqual("Hijacked.", (await read.ReadJsonAsync()).GetProperty("description").GetString());
    }

    [Fact]
    public async Task Return403_ToAnIntegrationKeyForEveryWrite_WhileItCanStillRead()
    {
        var (alliance, organizer, ownId, _) = await SetUpAsync();
        var integrationKey = await organizer.CreateKeyAsync("integration");
        using var integration = api.Alliance(alliance.Subdomain, integrationKey);

        await AssertStatusAsync(integration, ownId, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden);
        using var read = await integration.GetAsync($"/v1/spaces/{ownId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Return401_ForAKeyOfAnotherAlliance_And404_ForAnotherAlliancesSpace()
    {
        var (alliance, _, ownId, _) = await SetUpAsync();
        var stranger = await api.ClaimAsync();
        using var foreignKey = api.Alliance(alliance.Subdomain, stranger.OrganizerKey);
        using var strangerHome = api.Alliance(stranger.Subdomain, stranger.OrganizerKey);

        await AssertStatusAsync(foreignKey, ownId, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized);
        await (await strangerHome.GetAsync($"/v1/spaces/{ownId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await strangerHome.PatchJsonAsync($"/v1/spaces/{ownId}", """{"capacity": 2}""")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await strangerHome.DeleteAsync($"/v1/spaces/{ownId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await strangerHome.PostAsync($"/v1/spaces/{ownId}/welcome", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await strangerHome.GetAsync($"/v1/spaces/{ownId}/spaceapi.json")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RevokeTheSpaceOwnersKey_WhenItsSpaceIsDeleted()
    {
        var (alliance, organizer, ownId, otherId) = await SetUpAsync();
        var ownerKey = await organizer.CreateKeyAsync("space_owner", ownId);
        var otherOwnerKey = await organizer.CreateKeyAsync("space_owner", otherId);
        using var owner = api.Alliance(alliance.Subdomain, ownerKey);
        using var otherOwner = api.Alliance(alliance.Subdomain, otherOwnerKey);

        using (var delete = await organizer.DeleteAsync($"/v1/spaces/{ownId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await (await owner.GetAsync("/v1/spaces")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var stillValid = await otherOwner.PatchJsonAsync($"/v1/spaces/{otherId}", """{"capacity": 4}""");
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
    }

    private async Task AssertStatusAsync(HttpClient client, Guid spaceId, HttpStatusCode writes, HttpStatusCode patch)
    {
        using (var create = await client.PostAsync("/v1/spaces", SpaceRequests.Json(SpaceRequests.Minimal("Nope"))))
        {
            await create.AssertProblemAsync(writes);
        }

        using (var change = await client.PatchJsonAsync($"/v1/spaces/{spaceId}", """{"capacity": 1}"""))
        {
            await change.AssertProblemAsync(patch);
        }

        using (var welcome = await client.PostAsync($"/v1/spaces/{spaceId}/welcome", null))
        {
            await welcome.AssertProblemAsync(writes);
        }

        using (var delete = await client.DeleteAsync($"/v1/spaces/{spaceId}"))
        {
            await delete.AssertProblemAsync(writes);
        }

        var alliance = client.BaseAddress!.Host.Split('.')[0];
        using var check = await api.Alliance(alliance).GetAsync($"/v1/spaces/{spaceId}");
        var space = await check.ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, space.GetProperty("welcomedAt").ValueKind);
        Assert.Equal(90, space.GetProperty("capacity").GetInt32());
    }

    private async Task<(ClaimedAlliance Alliance, HttpClient Organizer, Guid OwnId, Guid OtherId)> SetUpAsync()
    {
        var alliance = await api.ClaimAsync();
        var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var own = await organizer.CreateSpaceIdAsync(SpaceRequests.Full("Own Space"));
        var other = await organizer.CreateSpaceIdAsync(SpaceRequests.Full("Other Space"));
        return (alliance, organizer, own, other);
    }
}
