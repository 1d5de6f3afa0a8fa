using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Meetings;
using Alliances.Api.Tests.Priorities;
using static Alliances.Api.Tests.Webhooks.OutboxLog;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// Each feature call that the webhook event list names stages exactly its event, committed with the change, whose data
/// is the resource as its GET shows it. Read from the alliance's outbox; delivery is covered by
/// <see cref="FeatureEventDeliveryShould"/>. Calls that change nothing emit nothing.
/// </summary>
public sealed class FeatureEventsShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task EmitSpaceCreated_WithTheSpace()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);

        var created = await MeetingCalls.CreateSpaceAsync(organizer, "Office Nomads");

        var data = await outbox.SingleNewAsync("space.created");
        AssertSameJson(created, data);
        AssertSameJson(await GetAsync(organizer, $"/v1/spaces/{Id(created)}"), data);
    }

    [Fact]
    public async Task EmitSpaceUpdated_OnlyWhenThePatchChangesSomething()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var space = Id(await MeetingCalls.CreateSpaceAsync(organizer, "Jigsaw"));
        await outbox.NewAsync();

        await PatchAsync(organizer, $"/v1/spaces/{space}", new JsonObject { ["name"] = "Jigsaw Renton" });
        AssertSameJson(await GetAsync(organizer, $"/v1/spaces/{space}"), await outbox.SingleNewAsync("space.updated"));

        await PatchAsync(organizer, $"/v1/spaces/{space}", new JsonObject { ["name"] = "Jigsaw Renton" });
        await outbox.AssertNothingNewAsync();
    }

    [Fact]
    public async Task EmitSpaceWelcomed_Once()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var space = Id(await MeetingCalls.CreateSpaceAsync(organizer, "Makerhaus"));
        await outbox.NewAsync();

        using (var welcome = await organizer.PostAsync($"/v1/spaces/{space}/welcome", null))
        {
            var welcomed = await welcome.ReadJsonAsync();
            var data = await outbox.SingleNewAsync("space.welcomed");
            AssertSameJson(welcomed, data);
            AssertSameJson(await GetAsync(organizer, $"/v1/spaces/{space}"), data);
            Assert.Equal(JsonValueKind.String, data.GetProperty("welcomedAt").ValueKind);
        }

        using var again = await organizer.PostAsync($"/v1/spaces/{space}/welcome", null);
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        await outbox.AssertNothingNewAsync();
    }

    [Fact]
    public async Task EmitMeetingScheduled_WithTheMeeting()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);

        var created = await organizer.CreateMeetingAsync(MeetingCalls.Body("Monthly meeting", TimeSpan.FromDays(7)));

        var data = await outbox.SingleNewAsync("meeting.scheduled");
        AssertSameJson(created, data);
        AssertSameJson(await organizer.GetMeetingAsync(Id(created)), data);
    }

    [Fact]
    public async Task EmitMeetingScheduled_ForEveryOccurrenceOfANewSeries()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);

        var series = await CreateSeriesAsync(organizer, count: 3);

        var events = await outbox.NewAsync();
        var meetings = await MeetingCalls.ListAllAsync(organizer, $"/v1/meetings?seriesId={series}");
        Assert.Equal(3, meetings.Count);
        Assert.All(events, e => Assert.Equal("meeting.scheduled", e.Type));
        AssertSameMeetings(meetings, events);
    }

    [Fact]
    public async Task EmitMeetingUpdated_ForAPatchAndForAgendaChanges_AndNothingForANoOp()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var meeting = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Planning", TimeSpan.FromDays(3)));
        await outbox.NewAsync();

        await PatchAsync(organizer, $"/v1/meetings/{meeting}", new JsonObject { ["title"] = "Planning, moved" });
        AssertSameJson(await organizer.GetMeetingAsync(meeting), await outbox.SingleNewAsync("meeting.updated"));

        await PatchAsync(organizer, $"/v1/meetings/{meeting}", new JsonObject { ["title"] = "Planning, moved" });
        await outbox.AssertNothingNewAsync();

        var segments = new JsonArray(MeetingCalls.Segment("Updates", "structured", 30), MeetingCalls.Segment("Drinks", "social", 60));
        using (var replace = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{meeting}/agenda", new JsonObject { ["segments"] = segments }))
        {
            AssertSameJson(await replace.ReadJsonAsync(), await outbox.SingleNewAsync("meeting.updated"));
        }

        using (var reorder = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{meeting}/agenda/reorder", new JsonObject { ["from"] = 1, ["to"] = 0 }))
        {
            var reordered = await reorder.ReadJsonAsync();
            var data = await outbox.SingleNewAsync("meeting.updated");
            AssertSameJson(reordered, data);
            Assert.Equal("Drinks", data.GetProperty("agenda")[0].GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task EmitMeetingUpdated_ForEveryMeetingASeriesEditChanges()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var series = await CreateSeriesAsync(organizer, count: 3);
        await outbox.NewAsync();

        await PatchAsync(organizer, $"/v1/meeting-series/{series}", new JsonObject { ["title"] = "Renamed series" });

        var events = await outbox.NewAsync();
        Assert.All(events, e => Assert.Equal("meeting.updated", e.Type));
        AssertSameMeetings(await MeetingCalls.ListAllAsync(organizer, $"/v1/meetings?seriesId={series}"), events);
    }

    [Fact]
    public async Task EmitMeetingCancelled_Once()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var meeting = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Cancelled meeting", TimeSpan.FromDays(2)));
        await outbox.NewAsync();

        await CancelAsync(organizer, meeting);
        var data = await outbox.SingleNewAsync("meeting.cancelled");
        AssertSameJson(await organizer.GetMeetingAsync(meeting), data);
        Assert.Equal("cancelled", data.GetProperty("status").GetString());

        // A repeat is a harmless 200 that changes nothing, so it tells nobody anything.
        await CancelAsync(organizer, meeting);
        await outbox.AssertNothingNewAsync();
    }

    [Fact]
    public async Task EmitMeetingHeld_WhenMinutesFirstMarkItHeld()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var meeting = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Started meeting", TimeSpan.FromMinutes(-30)));
        await outbox.NewAsync();

        using (var minutes = await organizer.PutAsJsonAsync($"/v1/meetings/{meeting}/minutes", new { markdown = "We met." }))
        {
            await minutes.ReadJsonAsync(HttpStatusCode.Created);
        }

        var data = await outbox.SingleNewAsync("meeting.held");
        AssertSameJson(await organizer.GetMeetingAsync(meeting), data);
        Assert.Equal("held", data.GetProperty("status").GetString());

        using (var replaced = await organizer.PutAsJsonAsync($"/v1/meetings/{meeting}/minutes", new { markdown = "We met, and decided." }))
        {
            await replaced.ReadJsonAsync();
        }

        await outbox.AssertNothingNewAsync();
    }

    [Fact]
    public async Task EmitRsvpCreated_ForANewRsvp_WithItsWaitlistPlace_AndNothingForAnUpdate()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var meeting = await MeetingWithCapacityAsync(organizer, 1);
        await outbox.NewAsync();

        var seated = await RsvpAsync(organizer, meeting, "ann", "yes", HttpStatusCode.Created);
        AssertSameJson(seated.GetProperty("rsvp"), await outbox.SingleNewAsync("rsvp.created"));

        var waitlisted = await RsvpAsync(organizer, meeting, "bob", "yes", HttpStatusCode.Created);
        var data = await outbox.SingleNewAsync("rsvp.created");
        AssertSameJson(waitlisted.GetProperty("rsvp"), data);
        Assert.Equal(1, data.GetProperty("waitlistPosition").GetInt32());
        AssertSameJson(await RsvpListedAsync(organizer, meeting, "bob"), data);

        await RsvpAsync(organizer, meeting, "ann", "maybe", HttpStatusCode.OK);
        Assert.Equal(["rsvp.promoted_from_waitlist"], (await outbox.NewAsync()).Select(e => e.Type));
        await RsvpAsync(organizer, meeting, "ann", "no", HttpStatusCode.OK);
        await outbox.AssertNothingNewAsync();
    }

    [Fact]
    public async Task EmitRsvpPromotedFromWaitlist_ForEverySeatedRsvp()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var meeting = await MeetingWithCapacityAsync(organizer, 1);
        foreach (var person in new[] { "ann", "bob", "cat", "dan" })
        {
            await RsvpAsync(organizer, meeting, person, "yes", HttpStatusCode.Created);
        }

        await outbox.NewAsync();

        // Ann's seat frees: Bob, first in line, gets it.
        await RsvpAsync(organizer, meeting, "ann", "no", HttpStatusCode.OK);
        var bob = await outbox.SingleNewAsync("rsvp.promoted_from_waitlist");
        AssertSameJson(await RsvpListedAsync(organizer, meeting, "bob"), bob);
        Assert.False(bob.GetProperty("waitlisted").GetBoolean());

        // Two more seats: Cat and Dan both get one, one event each, with the meeting's own update.
        await PatchAsync(organizer, $"/v1/meetings/{meeting}", new JsonObject { ["capacity"] = 3 });
        var events = await outbox.NewAsync();
        Assert.Equal(["meeting.updated", "rsvp.promoted_from_waitlist", "rsvp.promoted_from_waitlist"], events.Select(e => e.Type).Order(StringComparer.Ordinal));
        var promoted = events.Where(e => e.Type == "rsvp.promoted_from_waitlist").Select(e => e.Data).ToList();
        Assert.Equal(["cat@example.org", "dan@example.org"], promoted.Select(p => p.GetProperty("email").GetString()).Order(StringComparer.Ordinal));
        foreach (var rsvp in promoted)
        {
            AssertSameJson(await RsvpListedAsync(organizer, meeting, rsvp.GetProperty("email").GetString()!.Split('@')[0]), rsvp);
        }
    }

    [Fact]
    public async Task EmitPriorityProposed_WithThePriority()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);

        var proposed = await organizer.ProposeAsync("Shared events calendar");

        var data = await outbox.SingleNewAsync("priority.proposed");
        AssertSameJson(proposed, data);
        AssertSameJson(await organizer.GetPriorityAsync(Id(proposed)), data);
    }

    [Fact]
    public async Task EmitPriorityPromoted_WithTheActivePriority()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var priority = await organizer.ProposeIdAsync();
        await outbox.NewAsync();

        var promoted = await organizer.PromoteAsync(priority);

        var data = await outbox.SingleNewAsync("priority.promoted");
        AssertSameJson(promoted, data);
        AssertSameJson(await organizer.GetPriorityAsync(priority), data);
        Assert.Equal(("active", 1), (data.GetProperty("status").GetString(), data.GetProperty("rank").GetInt32()));
    }

    [Fact]
    public async Task EmitPriorityAchieved_AndNoPromotion_ForThePrioritiesThatMoveUp()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var active = await organizer.ActivateAsync("First", "Second");
        var (first, second) = (active[0], active[1]);
        await outbox.NewAsync();

        var achieved = await organizer.AchieveAsync(first);

        var data = await outbox.SingleNewAsync("priority.achieved");
        AssertSameJson(achieved, data);
        AssertSameJson(await organizer.GetPriorityAsync(first), data);
        Assert.Equal(1, (await organizer.GetPriorityAsync(second)).GetProperty("rank").GetInt32());
    }

    [Fact]
    public async Task EmitPriorityDropped_AndNothingForAReopen()
    {
        var (organizer, outbox) = await OutboxLog.ClaimAsync(api);
        var priority = await organizer.ProposeIdAsync();
        await outbox.NewAsync();

        var dropped = await organizer.DropAsync(priority, "Out of scope.");
        var data = await outbox.SingleNewAsync("priority.dropped");
        AssertSameJson(dropped, data);
        AssertSameJson(await organizer.GetPriorityAsync(priority), data);

        await organizer.ReopenAsync(priority);
        await outbox.AssertNothingNewAsync();
    }

    private static Guid Id(JsonElement resource) => resource.GetProperty("id").GetGuid();

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await response.ReadJsonAsync();
    }

    private static async Task PatchAsync(HttpClient organizer, string path, JsonObject patch)
    {
        using var response = await organizer.SendAsync(HttpMethod.Patch, path, patch, contentType: "application/merge-patch+json");
        await response.ReadJsonAsync();
    }

    private static async Task CancelAsync(HttpClient organizer, Guid meeting)
    {
        using var response = await organizer.PostAsJsonAsync($"/v1/meetings/{meeting}/cancel", new { reason = "Venue closed" });
        await response.ReadJsonAsync();
    }

    private static async Task<Guid> MeetingWithCapacityAsync(HttpClient organizer, int capacity)
    {
        var body = MeetingCalls.Body("Small room", TimeSpan.FromDays(5));
        body["capacity"] = capacity;
        return await organizer.CreateMeetingIdAsync(body);
    }

    private static async Task<JsonElement> RsvpAsync(HttpClient organizer, Guid meeting, string person, string answer, HttpStatusCode status)
    {
        using var response = await organizer.RsvpAsync(meeting, person, $"{person}@example.org", answer);
        return await response.ReadJsonAsync(status);
    }

    private static async Task<JsonElement> RsvpListedAsync(HttpClient organizer, Guid meeting, string person) =>
        (await MeetingCalls.ListAllAsync(organizer, $"/v1/meetings/{meeting}/rsvps")).Single(r => r.GetProperty("email").GetString() == $"{person}@example.org");

    /// <summary>A weekly series whose meetings are all ahead, so a series edit reaches every one of them.</summary>
    private static async Task<Guid> CreateSeriesAsync(HttpClient organizer, int count)
    {
        var body = new JsonObject
        {
            ["title"] = "Alliance meeting",
            ["rrule"] = $"FREQ=WEEKLY;COUNT={count}",
            ["startDate"] = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["startTime"] = "18:00",
            ["durationMinutes"] = 120,
            ["timeZone"] = MeetingCalls.LosAngeles,
        };
        using var response = await organizer.PostAsync("/v1/meeting-series", MeetingCalls.Json(body));
        return Id(await response.ReadJsonAsync(HttpStatusCode.Created));
    }

    /// <summary>One event per meeting, each carrying that meeting as the API lists it.</summary>
    private static void AssertSameMeetings(List<JsonElement> meetings, List<StoredEvent> events)
    {
        Assert.Equal(meetings.Select(Id).Order(), events.Select(e => Id(e.Data)).Order());
        foreach (var meeting in meetings)
        {
            AssertSameJson(meeting, events.Single(e => Id(e.Data) == Id(meeting)).Data);
        }
    }
}
