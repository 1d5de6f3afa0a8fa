using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Priorities;

public sealed class CreatePriorityShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task StoreAnIdea_WithEveryField_TheProposingKey_NoVotes_AndALocationAndETag()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var spaceId = await organizer.CreateSpaceAsync("Office Nomads");
        var (owner, ownerKey) = await api.KeyClientAsync(alliance, "space_owner", spaceId, "Maria's laptop");
        using var _ = owner;
        var before = DateTimeOffset.UtcNow;

        using var response = await owner.PostAsync("/v1/priorities", PriorityCalls.Json($$"""
            {
              "title": "  Shared event calendar  ",
              "description": "One calendar of every open night.",
              "area": "community",
              "owner": { "name": "Maria", "spaceId": "{{spaceId}}" },
              "targetDate": "2027-03-31",
              "progressNotes": "Asked three spaces so far."
            }
            """));
        var created = await response.ReadJsonAsync(HttpStatusCode.Created);

        var id = created.Id();
        Assert.Equal(7, id.Version);
        Assert.Equal($"https://{organizer.BaseAddress!.Host}/v1/priorities/{id}", response.Headers.Location?.ToString());
        Assert.Equal("Shared event calendar", created.GetProperty("title").GetString());
        Assert.Equal("One calendar of every open night.", created.GetProperty("description").GetString());
        Assert.Equal("community", created.GetProperty("area").GetString());
        Assert.Equal("idea", created.Status());
        Assert.Null(created.Rank());
        Assert.Equal("Maria", created.GetProperty("owner").GetProperty("name").GetString());
        Assert.Equal(spaceId, created.GetProperty("owner").GetProperty("spaceId").GetGuid());
        Assert.Equal("2027-03-31", created.GetProperty("targetDate").GetString());
        Assert.Equal("Asked three spaces so far.", created.GetProperty("progressNotes").GetString());
        Assert.Equal(ownerKey.Id, created.GetProperty("proposedBy").GetProperty("keyId").GetGuid());
        Assert.Equal("Maria's laptop", created.GetProperty("proposedBy").GetProperty("name").GetString());
        Assert.Equal(0, created.Votes());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("achievedAt").ValueKind);
        var createdAt = created.GetProperty("createdAt").GetDateTimeOffset();
        Assert.InRange(createdAt, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(TimeSpan.Zero, createdAt.Offset);
        Assert.Equal(createdAt, created.GetProperty("updatedAt").GetDateTimeOffset());

        using var read = await organizer.GetAsync($"/v1/priorities/{id}");
        Assert.Equal(created.ToString(), (await read.ReadJsonAsync()).ToString());
        Assert.Equal(response.ETagOf(), read.ETagOf());
    }

    [Fact]
    public async Task RecordTheProposal_AsTheFirstHistoryEntry()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        var id = await organizer.ProposeIdAsync("Reciprocal day passes");

        var entry = Assert.Single(await organizer.HistoryAsync(id));
        Assert.Equal("propose", entry.GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("from").ValueKind);
        Assert.Equal("idea", entry.GetProperty("to").GetString());
        Assert.Equal("Organizer key (created at claim)", entry.GetProperty("by").GetProperty("name").GetString());
    }

    [Fact]
    public async Task LeaveOwnerAndOptionalFieldsNull_WhenTheyAreLeftOut()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        var created = await organizer.ProposeAsync("Bulk coffee", "tools_and_investment");

        Assert.Equal(JsonValueKind.Null, created.GetProperty("owner").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("targetDate").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("progressNotes").ValueKind);
    }

    [Fact]
    public async Task AcceptAnOwnerWithoutASpace()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        var created = await organizer.ProposeAsync("Open house week", extra: new { owner = new { name = "The organizers" } });

        Assert.Equal("The organizers", created.GetProperty("owner").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("owner").GetProperty("spaceId").ValueKind);
    }

    [Fact]
    public async Task Return422NamingOwnerSpaceId_WhenTheSpaceIsNotOneOfThisAlliances()
    {
        var home = await api.ClaimAsync();
        var other = await api.ClaimAsync();
        using var organizer = api.Alliance(home.Subdomain, home.OrganizerKey);
        using var otherOrganizer = api.Alliance(other.Subdomain, other.OrganizerKey);
        var foreignSpace = await otherOrganizer.CreateSpaceAsync("Elsewhere");

        foreach (var spaceId in new[] { foreignSpace, Guid.CreateVersion7() })
        {
            using var response = await organizer.PostAsync("/v1/priorities",
                PriorityCalls.Body("Idea", extra: new { owner = new { name = "Someone", spaceId } }));

            var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown-space");
            Assert.True(problem.GetProperty("errors").TryGetProperty("owner.spaceId", out _), problem.ToString());
        }

        Assert.Empty(await organizer.ListAllAsync());
    }

    [Theory]
    [InlineData("""{"area": "community"}""", "title")]
    [InlineData("""{"title": "   ", "area": "community"}""", "title")]
    [InlineData("""{"title": "An idea"}""", "area")]
    [InlineData("""{"title": "An idea", "area": "world_peace"}""", "area")]
    [InlineData("""{"title": "An idea", "area": "community", "owner": {"spaceId": null}}""", "owner.name")]
    [InlineData("""{"title": "An idea", "area": "community", "targetDate": "2027-02-30"}""", "targetDate")]
    [InlineData("""{"title": "An idea", "area": "community", "targetDate": "2027-03-31T00:00:00Z"}""", "targetDate")]
    [InlineData("""{"title": "An idea", "area": "community", "status": "active"}""", "status")]
    [InlineData("""{"title": "An idea", "area": "community", "rank": 1}""", "rank")]
    [InlineData("""{"title": "An idea", "area": "community", "voteCount": 99}""", "voteCount")]
    [InlineData("""{"title": "An idea", "area": "community", "proposedBy": {"name": "me"}}""", "proposedBy")]
    [InlineData("""{"title": "An idea", "area": "community", "achievedAt": "2026-01-01T00:00:00Z"}""", "achievedAt")]
    [InlineData("""{"title": "An idea", "area": "community", "id": "0190a000-0000-7000-8000-000000000000"}""", "id")]
    [InlineData("""{"title": "An idea", "area": "community", "createdAt": "2026-01-01T00:00:00Z"}""", "createdAt")]
    public async Task Return400NamingTheField_ForAMissingInvalidOrReadOnlyField(string json, string field)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var response = await organizer.PostAsync("/v1/priorities", PriorityCalls.Json(json));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty(await organizer.ListAllAsync());
    }

    [Theory]
    [InlineData("title", 200)]
    [InlineData("description", 4000)]
    [InlineData("progressNotes", 4000)]
    public async Task AcceptTextUpToItsLimit_AndReturn400NamingTheField_OneCharacterOver(string field, int limit)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        string BodyWith(int length) => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["title"] = field == "title" ? new string('t', length) : "An idea",
            ["area"] = "other",
            [field] = new string('x', length),
        });

        using (var atLimit = await organizer.PostAsync("/v1/priorities", PriorityCalls.Json(BodyWith(limit))))
        {
            await atLimit.ReadJsonAsync(HttpStatusCode.Created);
        }

        using var over = await organizer.PostAsync("/v1/priorities", PriorityCalls.Json(BodyWith(limit + 1)));
        var problem = await over.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
