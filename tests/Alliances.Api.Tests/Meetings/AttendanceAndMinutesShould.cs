using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.ApiKeys;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Meetings;

/// <summary>Check-ins and minutes follow the meeting's clock: the API's TimeProvider, moved by hand here.</summary>
public sealed class AttendanceAndMinutesShould(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    [Fact]
    public async Task Refuse409BeforeTheStart_ThenCheckPeopleIn_OnceEach()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Check-in", TimeSpan.FromHours(2), now: api.Clock.GetUtcNow()));
        using (var rsvp = await organizer.RsvpAsync(id, "Rita Rsvp", "rita@example.org", "yes"))
        {
            await rsvp.ReadJsonAsync(HttpStatusCode.Created);
        }

        using var early = await organizer.PostAsJsonAsync($"/v1/meetings/{id}/attendance", new { email = "rita@example.org" });
        await early.AssertProblemAsync(HttpStatusCode.Conflict, "meeting-not-started");

        api.Clock.Advance(TimeSpan.FromHours(2));
        using var fromRsvp = await organizer.PostAsJsonAsync($"/v1/meetings/{id}/attendance", new { email = "RITA@example.org" });
        using var walkIn = await organizer.PostAsJsonAsync($"/v1/meetings/{id}/attendance", new { name = "Walter Walk-in" });
        using var twice = await organizer.PostAsJsonAsync($"/v1/meetings/{id}/attendance", new { email = "rita@example.org" });

        var rita = await fromRsvp.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Rita Rsvp", rita.GetProperty("attendee").GetProperty("name").GetString());
        Assert.NotEqual(JsonValueKind.Null, rita.GetProperty("attendee").GetProperty("rsvpId").ValueKind);
        Assert.Equal(2, (await walkIn.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("attendeeCount").GetInt32());
        var again = await twice.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(rita.GetProperty("attendee").GetProperty("id").GetGuid(), again.GetProperty("attendee").GetProperty("id").GetGuid());
        var attendees = await organizer.ListAllAsync($"/v1/meetings/{id}/attendance");
        Assert.Equal(["Rita Rsvp", "Walter Walk-in"], attendees.Select(a => a.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Refuse400_ForACheckInWithNeitherANameNorAnRsvpdEmail()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Started", TimeSpan.FromMinutes(-5), now: api.Clock.GetUtcNow()));

        using var empty = await organizer.PostAsJsonAsync($"/v1/meetings/{id}/attendance", new { });
        using var unknownEmail = await organizer.PostAsJsonAsync($"/v1/meetings/{id}/attendance", new { email = "stranger@example.org" });

        Assert.Equal(["name"], (await empty.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors().Keys);
        Assert.Equal(["name"], (await unknownEmail.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors().Keys);
    }

    [Fact]
    public async Task RecordMinutesOnceStarted_MarkTheMeetingHeld_AndServeThemPublicly()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var anonymous = api.Alliance(alliance.Subdomain);
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Decisions", TimeSpan.FromHours(1), now: api.Clock.GetUtcNow()));
        var priority = await CreatePriorityAsync(organizer, "Shared laser cutter");
        var minutes = new JsonObject
        {
            ["markdown"] = "# Minutes\n\n- Budget agreed.",
            ["decisions"] = new JsonArray(
                new JsonObject { ["text"] = "Buy the laser cutter together.", ["priorityIds"] = new JsonArray(priority.ToString()) },
                new JsonObject { ["text"] = "Meet at Jigsaw next month." }),
        };

        using var empty = await anonymous.GetAsync($"/v1/meetings/{id}/minutes");
        var none = await empty.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, none.GetProperty("markdown").ValueKind);
        Assert.Equal(JsonValueKind.Null, none.GetProperty("recordedAt").ValueKind);
        using var early = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/minutes", minutes);
        await early.AssertProblemAsync(HttpStatusCode.Conflict, "meeting-not-started");

        api.Clock.Advance(TimeSpan.FromHours(2));
        using var recorded = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/minutes", minutes);
        var body = await recorded.ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("# Minutes\n\n- Budget agreed.", body.GetProperty("markdown").GetString());
        Assert.Equal(priority, body.GetProperty("decisions")[0].GetProperty("priorityIds")[0].GetGuid());
        Assert.Equal(0, body.GetProperty("decisions")[1].GetProperty("priorityIds").GetArrayLength());
        var meeting = await anonymous.GetMeetingAsync(id);
        Assert.Equal("held", meeting.GetProperty("status").GetString());
        Assert.Equal(1, meeting.GetProperty("sequence").GetInt32());
        using var read = await anonymous.GetAsync($"/v1/meetings/{id}/minutes");
        Assert.Equal(body.ToString(), (await read.ReadJsonAsync()).ToString());

        minutes["markdown"] = "# Minutes (corrected)";
        using var stale = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/minutes", minutes, ifMatch: "\"minutes-stale-0\"");
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        using var corrected = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/minutes", minutes, ifMatch: MeetingCalls.ETagOf(recorded));
        Assert.Equal("# Minutes (corrected)", (await corrected.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("markdown").GetString());
        Assert.Equal(1, (await anonymous.GetMeetingAsync(id)).GetProperty("sequence").GetInt32());
    }

    [Fact]
    public async Task Refuse422_ForADecisionAboutAPriorityThisAllianceDoesNotHave()
    {
        var alliance = await api.ClaimAsync();
        var other = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var otherOrganizer = api.Alliance(other.Subdomain, other.OrganizerKey);
        var foreign = await CreatePriorityAsync(otherOrganizer, "Their priority");
        var own = await CreatePriorityAsync(organizer, "Our priority");
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Borrowed decisions", TimeSpan.FromMinutes(-30), now: api.Clock.GetUtcNow()));

        using var response = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/minutes", new JsonObject
        {
            ["markdown"] = "Notes",
            ["decisions"] = new JsonArray(new JsonObject { ["text"] = "Adopt it", ["priorityIds"] = new JsonArray(own.ToString(), foreign.ToString()) }),
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown-priority");
        Assert.Equal(["decisions[0].priorityIds[1]"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal("scheduled", (await organizer.GetMeetingAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Refuse409_ForAttendanceOrMinutesOfACancelledMeeting()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Called off", TimeSpan.FromMinutes(-10), now: api.Clock.GetUtcNow()));
        using (var cancel = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/cancel", new JsonObject { ["reason"] = "Snow" }))
        {
            await cancel.ReadJsonAsync();
        }

        using var attendance = await organizer.PostAsJsonAsync($"/v1/meetings/{id}/attendance", new { name = "Someone" });
        using var minutes = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/minutes", new JsonObject { ["markdown"] = "Nothing" });

        await attendance.AssertProblemAsync(HttpStatusCode.Conflict, "meeting-cancelled");
        await minutes.AssertProblemAsync(HttpStatusCode.Conflict, "meeting-cancelled");
    }

    private async Task<HttpClient> OrganizerAsync()
    {
        var alliance = await api.ClaimAsync();
        return api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
    }

    private static async Task<Guid> CreatePriorityAsync(HttpClient organizer, string title)
    {
        using var response = await organizer.PostAsJsonAsync("/v1/priorities", new { title, area = "tools_and_investment" });
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }
}
