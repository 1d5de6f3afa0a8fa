using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Priorities;

/// <summary>PATCH is a JSON Merge Patch of the text fields, with ETags; status and rank are not writable this way.</summary>
public sealed class UpdatePriorityShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ChangeOnlyTheNamedFields_MergeTheOwner_AndRemoveNulls()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var spaceId = await organizer.CreateSpaceAsync("Jigsaw Renaissance");
        var created = await organizer.ProposeAsync("Project night", "member_projects", new
        {
            description = "Monthly.",
            owner = new { name = "Ana" },
            targetDate = "2027-01-31",
            progressNotes = "Venue found.",
        });

        using var response = await organizer.PatchJsonAsync($"/v1/priorities/{created.Id()}",
            $$"""{"title": "Project nights", "owner": {"spaceId": "{{spaceId}}"}, "description": null, "area": "community"}""");
        var patched = await response.ReadJsonAsync();

        Assert.Equal("Project nights", patched.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("description").ValueKind);
        Assert.Equal("community", patched.GetProperty("area").GetString());
        Assert.Equal("Ana", patched.GetProperty("owner").GetProperty("name").GetString());
        Assert.Equal(spaceId, patched.GetProperty("owner").GetProperty("spaceId").GetGuid());
        Assert.Equal("2027-01-31", patched.GetProperty("targetDate").GetString());
        Assert.Equal("Venue found.", patched.GetProperty("progressNotes").GetString());
        Assert.True(patched.GetProperty("updatedAt").GetDateTimeOffset() > created.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.NotEqual(created.ToString(), patched.ToString());

        using var read = await organizer.GetAsync($"/v1/priorities/{created.Id()}");
        Assert.Equal(patched.ToString(), (await read.ReadJsonAsync()).ToString());
        Assert.Equal(response.ETagOf(), read.ETagOf());

        using var removed = await organizer.PatchJsonAsync($"/v1/priorities/{created.Id()}", """{"owner": null, "targetDate": null}""");
        var cleared = await removed.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("owner").ValueKind);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("targetDate").ValueKind);
    }

    [Fact]
    public async Task Return412_ForAStaleIfMatch_And200_ForTheCurrentOne()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync("Original");
        using var first = await organizer.GetAsync($"/v1/priorities/{id}");
        var stale = first.ETagOf();
        using (var change = await organizer.PatchJsonAsync($"/v1/priorities/{id}", """{"title": "Changed"}""", stale))
        {
            await change.ReadJsonAsync();
        }

        using var lost = await organizer.PatchJsonAsync($"/v1/priorities/{id}", """{"title": "Lost update"}""", stale);
        await lost.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal("Changed", (await organizer.GetPriorityAsync(id)).GetProperty("title").GetString());

        using var current = await organizer.GetAsync($"/v1/priorities/{id}");
        using var ok = await organizer.PatchJsonAsync($"/v1/priorities/{id}", """{"title": "Fresh"}""", current.ETagOf());
        Assert.Equal("Fresh", (await ok.ReadJsonAsync()).GetProperty("title").GetString());

        using var staleDelete = new HttpRequestMessage(HttpMethod.Delete, $"/v1/priorities/{id}");
        staleDelete.Headers.TryAddWithoutValidation("If-Match", stale);
        using var refused = await organizer.SendAsync(staleDelete);
        await refused.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Fact]
    public async Task Answer304_ForIfNoneMatchWithTheCurrentETag()
    {
        var alliance = await api.ClaimAsync();
        using var anonymous = api.Alliance(alliance.Subdomain);
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        using var first = await anonymous.GetAsync($"/v1/priorities/{id}");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/priorities/{id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", first.ETagOf());
        using var second = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task KeepTheETagAndUpdatedAt_WhenAPatchChangesNothing()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var created = await organizer.ProposeAsync("Same", "community");
        using var first = await organizer.GetAsync($"/v1/priorities/{created.Id()}");

        using var response = await organizer.PatchJsonAsync($"/v1/priorities/{created.Id()}", """{"title": "Same"}""");

        Assert.Equal(created.GetProperty("updatedAt").GetString(), (await response.ReadJsonAsync()).GetProperty("updatedAt").GetString());
        Assert.Equal(first.ETagOf(), response.ETagOf());
    }

    [Theory]
    [InlineData("""{"status": "active"}""", "status")]
    [InlineData("""{"rank": 1}""", "rank")]
    [InlineData("""{"voteCount": 10}""", "voteCount")]
    [InlineData("""{"proposedBy": null}""", "proposedBy")]
    [InlineData("""{"title": null}""", "title")]
    [InlineData("""{"title": ""}""", "title")]
    [InlineData("""{"area": null}""", "area")]
    [InlineData("""{"area": "nowhere"}""", "area")]
    [InlineData("""{"owner": {"name": null}}""", "owner.name")]
    [InlineData("""{"targetDate": "31/03/2027"}""", "targetDate")]
    [InlineData("""[{"title": "x"}]""", "$")]
    public async Task Return400NamingTheField_AndChangeNothing_ForABadPatch(string json, string field)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var created = await organizer.ProposeAsync("Untouched", extra: new { owner = new { name = "Ana" } });

        using var response = await organizer.PatchJsonAsync($"/v1/priorities/{created.Id()}", json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(created.ToString(), (await organizer.GetPriorityAsync(created.Id())).ToString());
    }

    [Fact]
    public async Task Return422NamingOwnerSpaceId_WhenThePatchNamesAnUnknownSpace()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var created = await organizer.ProposeAsync();

        using var response = await organizer.PatchJsonAsync($"/v1/priorities/{created.Id()}",
            JsonSerializer.Serialize(new { owner = new { name = "Ana", spaceId = Guid.CreateVersion7() } }));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown-space");
        Assert.True(problem.GetProperty("errors").TryGetProperty("owner.spaceId", out _), problem.ToString());
        Assert.Equal(created.ToString(), (await organizer.GetPriorityAsync(created.Id())).ToString());
    }

    [Fact]
    public async Task Return404_ForAPriorityThatDoesNotExist()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var patch = await organizer.PatchJsonAsync($"/v1/priorities/{Guid.CreateVersion7()}", """{"title": "x"}""");
        await patch.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        using var get = await organizer.GetAsync($"/v1/priorities/{Guid.CreateVersion7()}");
        await get.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        using var delete = await organizer.DeleteAsync($"/v1/priorities/{Guid.CreateVersion7()}");
        await delete.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task DeleteAnIdeaWithNoVotes_WithItsHistory()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var tables = await PriorityTables.OfAsync(api, alliance);
        var id = await organizer.ProposeIdAsync();

        using var response = await organizer.DeleteAsync($"/v1/priorities/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var gone = await organizer.GetAsync($"/v1/priorities/{id}");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(0, await tables.HistoryRowsAsync(id));
    }

    [Theory]
    [InlineData("active")]
    [InlineData("achieved")]
    [InlineData("dropped")]
    public async Task Return409PriorityNotDeletable_ForAnythingButAnIdea(string status)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();
        if (status == "dropped")
        {
            await organizer.DropAsync(id);
        }
        else
        {
            await organizer.PromoteAsync(id);
            if (status == "achieved")
            {
                await organizer.AchieveAsync(id);
            }
        }

        using var response = await organizer.DeleteAsync($"/v1/priorities/{id}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "priority-not-deletable");
        Assert.Equal(status, problem.GetProperty("priorityStatus").GetString());
        Assert.Equal(status, (await organizer.GetPriorityAsync(id)).Status());
    }
}
