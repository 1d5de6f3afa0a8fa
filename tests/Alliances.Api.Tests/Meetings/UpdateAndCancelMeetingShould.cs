using System.Net;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Meetings;

public sealed class UpdateAndCancelMeetingShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task MergeAPatch_BumpingTheSequenceAndETag_AndAnswer304ForTheNewTag()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Old title", TimeSpan.FromDays(5)));
        using var first = await organizer.GetAsync($"/v1/meetings/{id}");
        var etag = MeetingCalls.ETagOf(first);

        using var response = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meetings/{id}",
            new JsonObject { ["title"] = "New title", ["capacity"] = 40, ["description"] = null }, ifMatch: etag, contentType: "application/merge-patch+json");
        var patched = await response.ReadJsonAsync();
        var newTag = MeetingCalls.ETagOf(response);

        Assert.Equal("New title", patched.GetProperty("title").GetString());
        Assert.Equal(40, patched.GetProperty("capacity").GetInt32());
        Assert.Equal(1, patched.GetProperty("sequence").GetInt32());
        Assert.NotEqual(etag, newTag);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/meetings/{id}");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", newTag);
        using var cached = await organizer.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
    }

    [Fact]
    public async Task KeepTheSequence_WhenAPatchChangesNothing()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Same", TimeSpan.FromDays(5)));

        using var response = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meetings/{id}", new JsonObject { ["title"] = "Same" });

        Assert.Equal(0, (await response.ReadJsonAsync()).GetProperty("sequence").GetInt32());
    }

    [Fact]
    public async Task Refuse412_ForAStaleIfMatch_AndLeaveTheMeetingAlone()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Contested", TimeSpan.FromDays(5)));
        using var first = await organizer.GetAsync($"/v1/meetings/{id}");
        var stale = MeetingCalls.ETagOf(first);
        using (var winner = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meetings/{id}", new JsonObject { ["title"] = "Winner" }, ifMatch: stale))
        {
            await winner.ReadJsonAsync();
        }

        using var loser = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meetings/{id}", new JsonObject { ["title"] = "Loser" }, ifMatch: stale);

        await loser.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal("Winner", (await organizer.GetMeetingAsync(id)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Refuse400_ForAPatchThatSetsTheStatus_OrAnUnknownField()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Status is an action", TimeSpan.FromDays(5)));

        using var status = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meetings/{id}", new JsonObject { ["status"] = "cancelled" });
        using var unknown = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meetings/{id}", new JsonObject { ["colour"] = null });

        Assert.Contains("status", (await status.AssertProblemAsync(HttpStatusCode.BadRequest)).GetRawText(), StringComparison.Ordinal);
        Assert.Contains("colour", (await unknown.AssertProblemAsync(HttpStatusCode.BadRequest)).GetRawText(), StringComparison.Ordinal);
        Assert.Equal("scheduled", (await organizer.GetMeetingAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task KeepACancelledMeeting_WithItsReason_AndListIt()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Rained out", TimeSpan.FromDays(5)));

        using var response = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/cancel", new JsonObject { ["reason"] = "The host space flooded." });
        var cancelled = await response.ReadJsonAsync();

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("The host space flooded.", cancelled.GetProperty("cancellationReason").GetString());
        Assert.Equal(1, cancelled.GetProperty("sequence").GetInt32());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, cancelled.GetProperty("cancelledAt").ValueKind);
        var listed = await organizer.ListAllAsync("/v1/meetings?status=cancelled");
        Assert.Equal([id], listed.Select(m => m.GetProperty("id").GetGuid()));

        using var again = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/cancel", new JsonObject { ["reason"] = "Retry" });
        var unchanged = await again.ReadJsonAsync();
        Assert.Equal(1, unchanged.GetProperty("sequence").GetInt32());
        Assert.Equal("The host space flooded.", unchanged.GetProperty("cancellationReason").GetString());

        using var rsvp = await organizer.RsvpAsync(id, "Late Comer", "late@example.org", "yes");
        await rsvp.AssertProblemAsync(HttpStatusCode.Conflict, "meeting-cancelled");
    }

    [Fact]
    public async Task Refuse400_ForACancelWithoutAReason()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Why?", TimeSpan.FromDays(5)));

        using var response = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/cancel", new JsonObject { ["reason"] = " " });

        Assert.Equal(["reason"], (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors().Keys);
    }

    [Fact]
    public async Task Refuse409_ToCancelAMeetingThatWasHeld()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Already happened", TimeSpan.FromHours(-3)));
        using (var minutes = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/minutes", new JsonObject { ["markdown"] = "We met." }))
        {
            await minutes.ReadJsonAsync(HttpStatusCode.Created);
        }

        using var response = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/cancel", new JsonObject { ["reason"] = "Too late" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "meeting-held");
        Assert.Equal("held", (await organizer.GetMeetingAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Return404_ForAnUnknownMeeting_OnEveryMeetingRoute()
    {
        using var organizer = await OrganizerAsync();
        var unknown = Guid.CreateVersion7();
        var requests = new (HttpMethod Method, string Path, JsonObject? Body)[]
        {
            (HttpMethod.Get, $"/v1/meetings/{unknown}", null),
            (HttpMethod.Patch, $"/v1/meetings/{unknown}", new JsonObject { ["title"] = "x" }),
            (HttpMethod.Post, $"/v1/meetings/{unknown}/cancel", new JsonObject { ["reason"] = "x" }),
            (HttpMethod.Put, $"/v1/meetings/{unknown}/agenda", new JsonObject { ["segments"] = new JsonArray() }),
            (HttpMethod.Post, $"/v1/meetings/{unknown}/rsvps", new JsonObject { ["name"] = "x", ["email"] = "x@example.org", ["response"] = "yes" }),
            (HttpMethod.Get, $"/v1/meetings/{unknown}/rsvps", null),
            (HttpMethod.Get, $"/v1/meetings/{unknown}/rsvp-counts", null),
            (HttpMethod.Get, $"/v1/meetings/{unknown}/minutes", null),
            (HttpMethod.Get, $"/v1/meetings/{unknown}.ics", null),
        };

        foreach (var (method, path, body) in requests)
        {
            using var response = await organizer.SendAsync(method, path, body);
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        }
    }

    private async Task<HttpClient> OrganizerAsync()
    {
        var alliance = await api.ClaimAsync();
        return api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
    }
}
