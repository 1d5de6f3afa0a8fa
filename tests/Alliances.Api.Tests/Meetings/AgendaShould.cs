using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Meetings;

public sealed class AgendaShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ReplaceTheWholeAgenda_AndBumpTheSequenceAndETag()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Agenda test", TimeSpan.FromDays(5)));
        using var before = await organizer.GetAsync($"/v1/meetings/{id}");
        var etag = MeetingCalls.ETagOf(before);

        using var response = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/agenda", Segments(
            MeetingCalls.Segment("Welcome", "structured", 10, "Ana"),
            MeetingCalls.Segment("Lease for the new space", "structured", 50),
            MeetingCalls.Segment("Potluck", "social", 60)), ifMatch: etag);
        var meeting = await response.ReadJsonAsync();

        Assert.Equal(["Welcome", "Lease for the new space", "Potluck"], Titles(meeting));
        Assert.Equal("Ana", meeting.GetProperty("agenda")[0].GetProperty("facilitator").GetString());
        Assert.Equal(1, meeting.GetProperty("sequence").GetInt32());
        Assert.NotEqual(etag, MeetingCalls.ETagOf(response));
        Assert.Equal(Titles(meeting), Titles(await organizer.GetMeetingAsync(id)));
    }

    [Fact]
    public async Task Refuse422_WhenTheNewAgendaDoesNotFit_AndKeepTheOldOne()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Agenda test", TimeSpan.FromDays(5)));

        using var response = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/agenda", Segments(
            MeetingCalls.Segment("Long talk", "structured", 100),
            MeetingCalls.Segment("Long party", "social", 45)));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "agenda-too-long");
        Assert.Equal(25, problem.GetProperty("overByMinutes").GetInt32());
        var meeting = await organizer.GetMeetingAsync(id);
        Assert.Equal(["Structured agenda", "Social time"], Titles(meeting));
        Assert.Equal(0, meeting.GetProperty("sequence").GetInt32());
    }

    [Fact]
    public async Task Refuse400_NamingEverySegmentFieldThatIsInvalid()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Agenda test", TimeSpan.FromDays(5)));

        using var invalid = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/agenda", Segments(
            MeetingCalls.Segment("Fine", "structured", 10),
            new JsonObject { ["title"] = "", ["kind"] = "structured", ["minutes"] = 10 },
            new JsonObject { ["title"] = "No kind", ["minutes"] = 1441 }));
        using var unknownKind = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/agenda", Segments(
            new JsonObject { ["title"] = "Unknown kind", ["kind"] = "party", ["minutes"] = 10 }));

        var errors = (await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors();
        Assert.Equal(["segments[1].title", "segments[2].kind", "segments[2].minutes"], errors.Keys.Order(StringComparer.Ordinal));
        var typeError = await unknownKind.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("segments[0].kind", typeError.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoveOneSegmentToAnotherPosition_WithReorder()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Agenda test", TimeSpan.FromDays(5)));
        using (var put = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/agenda", Segments(
                   MeetingCalls.Segment("A", "structured", 10), MeetingCalls.Segment("B", "structured", 10),
                   MeetingCalls.Segment("C", "structured", 10), MeetingCalls.Segment("D", "social", 10))))
        {
            await put.ReadJsonAsync();
        }

        using var down = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/agenda/reorder", new JsonObject { ["from"] = 0, ["to"] = 2 });
        Assert.Equal(["B", "C", "A", "D"], Titles(await down.ReadJsonAsync()));
        using var up = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/agenda/reorder", new JsonObject { ["from"] = 3, ["to"] = 0 });
        var meeting = await up.ReadJsonAsync();

        Assert.Equal(["D", "B", "C", "A"], Titles(meeting));
        Assert.Equal(3, meeting.GetProperty("sequence").GetInt32());
        Assert.Equal(Titles(meeting), Titles(await organizer.GetMeetingAsync(id)));
    }

    [Fact]
    public async Task Refuse400_ForAReorderPositionOutsideTheAgenda_NamingIt()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Agenda test", TimeSpan.FromDays(5)));

        using var response = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/agenda/reorder", new JsonObject { ["from"] = 0, ["to"] = 2 });

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors();
        Assert.Equal(["to"], errors.Keys);
        Assert.Contains("from 0 to 1", errors["to"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse412_ForAStaleIfMatch_OnEveryAgendaWrite()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Agenda test", TimeSpan.FromDays(5)));
        using var first = await organizer.GetAsync($"/v1/meetings/{id}");
        var stale = MeetingCalls.ETagOf(first);
        using (var change = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/agenda/reorder", new JsonObject { ["from"] = 0, ["to"] = 1 }))
        {
            await change.ReadJsonAsync();
        }

        using var put = await organizer.SendAsync(HttpMethod.Put, $"/v1/meetings/{id}/agenda",
            Segments(MeetingCalls.Segment("X", "structured", 10)), ifMatch: stale);
        using var reorder = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{id}/agenda/reorder",
            new JsonObject { ["from"] = 0, ["to"] = 1 }, ifMatch: stale);

        await put.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        await reorder.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Fact]
    public async Task Refuse422_WhenAPatchShortensTheMeetingBelowItsAgenda()
    {
        using var organizer = await OrganizerAsync();
        var id = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Agenda test", TimeSpan.FromDays(5)));
        var meeting = await organizer.GetMeetingAsync(id);
        var start = meeting.GetProperty("startsAt").GetDateTimeOffset();

        using var response = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meetings/{id}",
            new JsonObject { ["endsAt"] = start.AddMinutes(100).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) },
            contentType: "application/merge-patch+json");

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "agenda-too-long");
        Assert.Equal(20, problem.GetProperty("overByMinutes").GetInt32());
    }

    private async Task<HttpClient> OrganizerAsync()
    {
        var alliance = await api.ClaimAsync();
        return api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
    }

    private static JsonObject Segments(params JsonObject[] segments) => new() { ["segments"] = new JsonArray([.. segments]) };

    private static List<string> Titles(JsonElement meeting) =>
        [.. meeting.GetProperty("agenda").EnumerateArray().Select(s => s.GetProperty("title").GetString()!)];
}
