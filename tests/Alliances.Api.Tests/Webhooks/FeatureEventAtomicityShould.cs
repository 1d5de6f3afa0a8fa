using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Meetings;
using Alliances.Api.Tests.Priorities;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// No event without its change, and no change without its event, at the level of the features: a refused write
/// emits nothing, and a write that fails after its event was staged (a unique violation in the same SaveChanges, or a
/// failure injected at COMMIT) leaves neither the change nor the event.
/// </summary>
public sealed class FeatureEventAtomicityShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task EmitNothing_ForARequestThatFailsValidation()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);

        using (var missingKind = await organizer.PostAsJsonAsync("/v1/spaces", new { name = "No kind", slug = "no-kind", status = "open" }))
        {
            await missingKind.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        var tooLong = MeetingCalls.Body("Short meeting", TimeSpan.FromDays(1), minutes: 30);
        tooLong["agenda"] = new JsonArray(MeetingCalls.Segment("Everything", "structured", 90));
        using (var refused = await organizer.PostAsync("/v1/meetings", MeetingCalls.Json(tooLong)))
        {
            await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        }

        using (var unknownSpace = await organizer.PostAsync("/v1/priorities", PriorityCalls.Body("Owned", extra: new { owner = new { name = "Pat", spaceId = Guid.NewGuid() } })))
        {
            await unknownSpace.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        }

        await outbox.AssertNothingNewAsync();
    }

    [Fact]
    public async Task EmitNothing_ForAStaleIfMatch()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var space = (await MeetingCalls.CreateSpaceAsync(organizer, "Stale Space")).GetProperty("id").GetGuid();
        var meeting = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Stale meeting", TimeSpan.FromDays(4)));
        var staleSpace = await ETagAsync(organizer, $"/v1/spaces/{space}");
        var staleMeeting = await ETagAsync(organizer, $"/v1/meetings/{meeting}");
        await SendAsync(organizer, HttpMethod.Patch, $"/v1/spaces/{space}", new JsonObject { ["name"] = "Fresh Space" }, HttpStatusCode.OK);
        await SendAsync(organizer, HttpMethod.Patch, $"/v1/meetings/{meeting}", new JsonObject { ["title"] = "Fresh meeting" }, HttpStatusCode.OK);
        await outbox.NewAsync();

        await SendAsync(organizer, HttpMethod.Patch, $"/v1/spaces/{space}", new JsonObject { ["name"] = "Lost update" }, HttpStatusCode.PreconditionFailed, staleSpace);
        await SendAsync(organizer, HttpMethod.Patch, $"/v1/meetings/{meeting}", new JsonObject { ["title"] = "Lost update" }, HttpStatusCode.PreconditionFailed, staleMeeting);
        await SendAsync(organizer, HttpMethod.Post, $"/v1/meetings/{meeting}/cancel", new JsonObject { ["reason"] = "Stale" }, HttpStatusCode.PreconditionFailed, staleMeeting);

        await outbox.AssertNothingNewAsync();
        Assert.Equal("Fresh meeting", (await organizer.GetMeetingAsync(meeting)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task EmitNothing_ForAConflict()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        await organizer.SetLimitAsync(1);
        var active = await organizer.ProposeIdAsync("Active");
        var idea = await organizer.ProposeIdAsync("Waiting idea");
        await organizer.PromoteAsync(active);
        var held = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Held meeting", TimeSpan.FromMinutes(-30)));
        using (var minutes = await organizer.PutAsJsonAsync($"/v1/meetings/{held}/minutes", new { markdown = "Held." }))
        {
            await minutes.ReadJsonAsync(HttpStatusCode.Created);
        }

        await outbox.NewAsync();

        await SendAsync(organizer, HttpMethod.Post, $"/v1/priorities/{idea}/promote", null, HttpStatusCode.Conflict);
        await SendAsync(organizer, HttpMethod.Post, $"/v1/priorities/{idea}/achieve", null, HttpStatusCode.Conflict);
        await SendAsync(organizer, HttpMethod.Post, $"/v1/meetings/{held}/cancel", new JsonObject { ["reason"] = "Too late" }, HttpStatusCode.Conflict);
        using (var rsvp = await organizer.RsvpAsync(held, "Late", "late@example.org", "yes"))
        {
            await rsvp.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        await outbox.AssertNothingNewAsync();
    }

    [Fact]
    public async Task LeaveNeitherTheSpaceNorItsEvent_WhenTheInsertHitsATakenSlug()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var body = new { name = "Twin", slug = "twin-space", kind = "coworking", status = "open" };
        using (var first = await organizer.PostAsJsonAsync("/v1/spaces", body))
        {
            await first.ReadJsonAsync(HttpStatusCode.Created);
        }

        await outbox.NewAsync();

        // The event is staged before the SaveChanges that hits the unique index, so this checks it went down with the row.
        using var second = await organizer.PostAsJsonAsync("/v1/spaces", body with { name = "Twin again" });
        await second.AssertProblemAsync(HttpStatusCode.Conflict);

        await outbox.AssertNothingNewAsync();
        Assert.Equal(1, await outbox.CountAsync("spaces"));
    }

    [Fact]
    public async Task LeaveNeitherTheWelcomeNorItsEvent_WhenTheCommitFails()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var space = (await MeetingCalls.CreateSpaceAsync(organizer, "Welcome Space")).GetProperty("id").GetGuid();
        await outbox.NewAsync();

        await using (await outbox.FailCommitsAsync("outbox_events", "NEW.type = 'space.welcomed'"))
        {
            using var failed = await organizer.PostAsync($"/v1/spaces/{space}/welcome", null);
            await failed.AssertProblemAsync(HttpStatusCode.InternalServerError);
        }

        // The welcome (an UPDATE that ran before the event was staged) was rolled back with it.
        using (var after = await organizer.GetAsync($"/v1/spaces/{space}"))
        {
            Assert.Equal(JsonValueKind.Null, (await after.ReadJsonAsync()).GetProperty("welcomedAt").ValueKind);
        }

        await outbox.AssertNothingNewAsync();

        using var retried = await organizer.PostAsync($"/v1/spaces/{space}/welcome", null);
        OutboxLog.AssertSameJson(await retried.ReadJsonAsync(), await outbox.SingleNewAsync("space.welcomed"));
    }

    [Fact]
    public async Task LeaveNeitherTheRsvpNorItsEvent_WhenTheCommitFails()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var meeting = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Failing RSVP", TimeSpan.FromDays(3)));
        await outbox.NewAsync();

        await using (await outbox.FailCommitsAsync("outbox_events", "NEW.type = 'rsvp.created'"))
        {
            using var failed = await organizer.RsvpAsync(meeting, "Ann", "ann@example.org", "yes");
            await failed.AssertProblemAsync(HttpStatusCode.InternalServerError);
        }

        // The RSVP row was saved before the event was staged, in the same transaction: both are gone.
        Assert.Empty(await MeetingCalls.ListAllAsync(organizer, $"/v1/meetings/{meeting}/rsvps"));
        Assert.Equal(0, (await organizer.CountsAsync(meeting)).GetProperty("yes").GetInt32());
        await outbox.AssertNothingNewAsync();
    }

    [Fact]
    public async Task LeaveNeitherTheTransitionNorItsEvent_WhenTheEntityWriteFailsAtCommit()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var active = await organizer.ActivateAsync("First", "Second");
        var (first, second) = (active[0], active[1]);
        var historyBefore = (await organizer.HistoryAsync(first)).Count;
        await outbox.NewAsync();

        await using (await outbox.FailCommitsAsync("priorities", "NEW.status = 'achieved'"))
        {
            using var failed = await organizer.ActAsync(first, "achieve");
            await failed.AssertProblemAsync(HttpStatusCode.InternalServerError);
        }

        // The status change, its history entry, the rank shift of the others and the event: all or nothing.
        Assert.Equal(("active", 1), Standing(await organizer.GetPriorityAsync(first)));
        Assert.Equal(("active", 2), Standing(await organizer.GetPriorityAsync(second)));
        Assert.Equal(historyBefore, (await organizer.HistoryAsync(first)).Count);
        await outbox.AssertNothingNewAsync();
    }

    private static (string?, int) Standing(JsonElement priority) =>
        (priority.GetProperty("status").GetString(), priority.GetProperty("rank").GetInt32());

    private static async Task<string> ETagAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return MeetingCalls.ETagOf(response);
    }

    private static async Task SendAsync(HttpClient organizer, HttpMethod method, string path, JsonNode? body, HttpStatusCode status, string? ifMatch = null)
    {
        using var response = await organizer.SendAsync(method, path, body, ifMatch, method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json");
        Assert.True(response.StatusCode == status, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
