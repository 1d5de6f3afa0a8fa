using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Meetings;

public sealed class CreateMeetingShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task StoreEveryField_AndReturnThemWithLocationAndETag()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var body = MeetingCalls.Body("March meeting", TimeSpan.FromDays(10), minutes: 150);
        body["description"] = "Budget for the shared laser cutter.";
        body["timeZone"] = "America/Denver";
        body["location"] = "Library, room 2";
        body["onlineUrl"] = "https://meet.example/alliance";
        body["capacity"] = 25;
        body["agenda"] = new JsonArray(
            MeetingCalls.Segment("Priorities review", "structured", 45, "Maria"),
            MeetingCalls.Segment("Open floor", "structured", 15),
            MeetingCalls.Segment("Drinks", "social", 90));

        using var response = await organizer.PostAsync("/v1/meetings", MeetingCalls.Json(body));
        var created = await response.ReadJsonAsync(HttpStatusCode.Created);

        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(7, id.Version);
        Assert.Equal($"https://{organizer.BaseAddress!.Host}/v1/meetings/{id}", response.Headers.Location?.ToString());
        var etag = MeetingCalls.ETagOf(response);
        Assert.Equal("March meeting", created.GetProperty("title").GetString());
        Assert.Equal("Budget for the shared laser cutter.", created.GetProperty("description").GetString());
        Assert.Equal(Instant(body, "startsAt"), created.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(Instant(body, "endsAt"), created.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, created.GetProperty("startsAt").GetDateTimeOffset().Offset);
        Assert.Equal("America/Denver", created.GetProperty("timeZone").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("hostSpaceId").ValueKind);
        Assert.Equal("Library, room 2", created.GetProperty("location").GetString());
        Assert.Equal("https://meet.example/alliance", created.GetProperty("onlineUrl").GetString());
        Assert.Equal(25, created.GetProperty("capacity").GetInt32());
        Assert.Equal("scheduled", created.GetProperty("status").GetString());
        Assert.Equal(0, created.GetProperty("sequence").GetInt32());
        var agenda = created.GetProperty("agenda").EnumerateArray().ToList();
        Assert.Equal(["Priorities review", "Open floor", "Drinks"], agenda.Select(s => s.GetProperty("title").GetString()));
        Assert.Equal(["structured", "structured", "social"], agenda.Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal([45, 15, 90], agenda.Select(s => s.GetProperty("minutes").GetInt32()));
        Assert.Equal("Maria", agenda[0].GetProperty("facilitator").GetString());
        Assert.Equal(TimeSpan.Zero, created.GetProperty("createdAt").GetDateTimeOffset().Offset);

        using var read = await organizer.GetAsync($"/v1/meetings/{id}");
        Assert.Equal(etag, MeetingCalls.ETagOf(read));
        Assert.Equal(created.ToString(), (await read.ReadJsonAsync()).ToString());
    }

    [Fact]
    public async Task GiveAMeetingWithoutAnAgendaTheAlliancesDefaultFormat_FromItsSettings()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        var standard = await organizer.CreateMeetingAsync(MeetingCalls.Body("Default", TimeSpan.FromDays(3)));
        using (var patch = await organizer.SendAsync(HttpMethod.Patch, "/v1/alliance",
                   new JsonObject { ["meetingFormat"] = new JsonObject { ["structuredMinutes"] = 45, ["socialMinutes"] = 75 } }))
        {
            await patch.ReadJsonAsync();
        }

        var changed = await organizer.CreateMeetingAsync(MeetingCalls.Body("After the settings changed", TimeSpan.FromDays(4)));

        AssertDefault(standard, 60, 60);
        AssertDefault(changed, 45, 75);
    }

    [Fact]
    public async Task Refuse422_WhenTheAgendaDoesNotFit_SayingByHowManyMinutes()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var body = MeetingCalls.Body("Too full", TimeSpan.FromDays(3), minutes: 120);
        body["agenda"] = new JsonArray(MeetingCalls.Segment("Talks", "structured", 100), MeetingCalls.Segment("Social", "social", 50));

        using var response = await organizer.PostAsync("/v1/meetings", MeetingCalls.Json(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "agenda-too-long");
        Assert.Equal(150, problem.GetProperty("agendaMinutes").GetInt32());
        Assert.Equal(120, problem.GetProperty("meetingMinutes").GetInt32());
        Assert.Equal(30, problem.GetProperty("overByMinutes").GetInt32());
        Assert.Contains("30 minutes too many", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await organizer.ListAllAsync("/v1/meetings"));
    }

    [Fact]
    public async Task CutTheDefaultFormatToFitAShorterMeeting_AndAcceptAnAgendaThatEndsEarly()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        var ninety = await organizer.CreateMeetingAsync(MeetingCalls.Body("Quick sync", TimeSpan.FromDays(1), minutes: 90));
        var fortyFive = await organizer.CreateMeetingAsync(MeetingCalls.Body("Quicker sync", TimeSpan.FromDays(1), minutes: 45));

        AssertDefault(ninety, 60, 30);
        var onlyStructured = Assert.Single(fortyFive.GetProperty("agenda").EnumerateArray());
        Assert.Equal("structured", onlyStructured.GetProperty("kind").GetString());
        Assert.Equal(45, onlyStructured.GetProperty("minutes").GetInt32());

        var body = MeetingCalls.Body("Quick sync", TimeSpan.FromDays(1), minutes: 90);
        body["agenda"] = new JsonArray(MeetingCalls.Segment("Updates", "structured", 30));
        var created = await organizer.CreateMeetingAsync(body);
        Assert.Equal(30, created.GetProperty("agenda")[0].GetProperty("minutes").GetInt32());
    }

    [Fact]
    public async Task TakeDurationMinutesInsteadOfEndsAt()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var body = MeetingCalls.Body("Lunch and learn", TimeSpan.FromDays(2));
        var startsAt = DateTimeOffset.Parse(body["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        body.Remove("endsAt");
        body["durationMinutes"] = 75;

        var created = await organizer.CreateMeetingAsync(body);

        Assert.Equal(startsAt.AddMinutes(75), created.GetProperty("endsAt").GetDateTimeOffset());
        AssertDefault(created, 60, 15);
    }

    [Fact]
    public async Task Refuse400_NamingBoth_WhenEndsAtAndDurationMinutesAreGiven_AndEndsAt_WhenNeitherIs()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var both = MeetingCalls.Body("Both", TimeSpan.FromDays(2));
        both["durationMinutes"] = 60;
        var neither = MeetingCalls.Body("Neither", TimeSpan.FromDays(2));
        neither.Remove("endsAt");
        var tooLong = MeetingCalls.Body("Too long", TimeSpan.FromDays(2));
        tooLong.Remove("endsAt");
        tooLong["durationMinutes"] = 24 * 60 + 1;

        using var bothResponse = await organizer.PostAsync("/v1/meetings", MeetingCalls.Json(both));
        using var neitherResponse = await organizer.PostAsync("/v1/meetings", MeetingCalls.Json(neither));
        using var tooLongResponse = await organizer.PostAsync("/v1/meetings", MeetingCalls.Json(tooLong));

        Assert.Equal(["durationMinutes", "endsAt"],
            (await bothResponse.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors().Keys.Order(StringComparer.Ordinal));
        var missing = (await neitherResponse.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors();
        Assert.Contains("durationMinutes", Assert.Single(missing["endsAt"]), StringComparison.Ordinal);
        Assert.Equal(["durationMinutes"],
            (await tooLongResponse.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors().Keys);
        Assert.Empty(await organizer.ListAllAsync("/v1/meetings"));
    }

    [Fact]
    public async Task TakeANewDurationInAPatch_KeepingTheStart()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var created = await organizer.CreateMeetingAsync(MeetingCalls.Body("Stretch", TimeSpan.FromDays(2)));
        var id = created.GetProperty("id").GetGuid();

        using var response = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meetings/{id}", new JsonObject { ["durationMinutes"] = 150 });

        var patched = await response.ReadJsonAsync();
        Assert.Equal(created.GetProperty("startsAt").GetDateTimeOffset().AddMinutes(150), patched.GetProperty("endsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Refuse400_NamingEachInvalidField()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var body = new JsonObject
        {
            ["title"] = "",
            ["startsAt"] = "2027-03-10T18:00:00Z",
            ["endsAt"] = "2027-03-10T17:00:00Z",
            ["timeZone"] = "Pacific Standard Time",
            ["hostSpaceId"] = Guid.NewGuid(),
            ["location"] = "Somewhere",
            ["onlineUrl"] = "javascript:alert(1)",
            ["capacity"] = 0,
            ["agenda"] = new JsonArray(
                new JsonObject { ["title"] = "A", ["kind"] = "structured", ["minutes"] = 0 },
                new JsonObject { ["title"] = "B", ["minutes"] = 5 }),
        };

        using var response = await organizer.PostAsync("/v1/meetings", MeetingCalls.Json(body));

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors();
        Assert.Equal(
            ["agenda[0].minutes", "agenda[1].kind", "capacity", "endsAt", "location", "onlineUrl", "timeZone", "title"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("later than startsAt", errors["endsAt"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status", "\"held\"")]
    [InlineData("id", "\"0193a4b0-0000-7000-8000-000000000000\"")]
    [InlineData("sequence", "5")]
    [InlineData("seriesId", "null")]
    public async Task Refuse400_ForReadOnlyProperties_NamingThem(string property, string value)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var body = MeetingCalls.Body("Sneaky", TimeSpan.FromDays(1));
        body[property] = JsonNode.Parse(value);

        using var response = await organizer.PostAsync("/v1/meetings", MeetingCalls.Json(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(property, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse422_ForAHostSpaceOfAnotherAlliance_AndAcceptItsOwn()
    {
        var home = await api.ClaimAsync();
        var other = await api.ClaimAsync();
        using var organizer = api.Alliance(home.Subdomain, home.OrganizerKey);
        using var otherOrganizer = api.Alliance(other.Subdomain, other.OrganizerKey);
        var foreignSpace = (await otherOrganizer.CreateSpaceAsync("Their Space")).GetProperty("id").GetGuid();
        var ownSpace = (await organizer.CreateSpaceAsync("Our Space")).GetProperty("id").GetGuid();
        var body = MeetingCalls.Body("Hosted", TimeSpan.FromDays(2));

        body["hostSpaceId"] = foreignSpace;
        using var foreign = await organizer.PostAsync("/v1/meetings", MeetingCalls.Json(body));
        var problem = await foreign.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown-space");
        Assert.True(problem.GetProperty("errors").TryGetProperty("hostSpaceId", out _));

        body["hostSpaceId"] = ownSpace;
        var created = await organizer.CreateMeetingAsync(body);
        Assert.Equal(ownSpace, created.GetProperty("hostSpaceId").GetGuid());
    }

    [Fact]
    public async Task AnswerOnlyOrganizers_WhenCreating()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var space = (await organizer.CreateSpaceAsync("Owner's Space")).GetProperty("id").GetGuid();
        using var owner = api.Alliance(alliance.Subdomain, await organizer.CreateKeyAsync("space_owner", space));
        using var integration = api.Alliance(alliance.Subdomain, await organizer.CreateKeyAsync("integration"));
        using var anonymous = api.Alliance(alliance.Subdomain);
        var body = MeetingCalls.Body("Not yours to schedule", TimeSpan.FromDays(1));

        using var asOwner = await owner.PostAsync("/v1/meetings", MeetingCalls.Json(body));
        using var asIntegration = await integration.PostAsync("/v1/meetings", MeetingCalls.Json(body));
        using var asAnonymous = await anonymous.PostAsync("/v1/meetings", MeetingCalls.Json(body));

        await asOwner.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await asIntegration.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await asAnonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Empty(await anonymous.ListAllAsync("/v1/meetings"));
    }

    private static DateTimeOffset Instant(JsonObject body, string property) =>
        DateTimeOffset.Parse(body[property]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static void AssertDefault(JsonElement meeting, int structured, int social)
    {
        var agenda = meeting.GetProperty("agenda").EnumerateArray().ToList();
        Assert.Equal(2, agenda.Count);
        Assert.Equal("structured", agenda[0].GetProperty("kind").GetString());
        Assert.Equal(structured, agenda[0].GetProperty("minutes").GetInt32());
        Assert.Equal("social", agenda[1].GetProperty("kind").GetString());
        Assert.Equal(social, agenda[1].GetProperty("minutes").GetInt32());
    }
}
