using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Meetings;

public sealed class MeetingSeriesShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById(MeetingCalls.LosAngeles);

    [Fact]
    public async Task ExpandTheSecondTuesdayOfEveryMonth_AsOrdinaryMeetings()
    {
        using var organizer = await OrganizerAsync();

        var series = await CreateSeriesAsync(organizer, "FREQ=MONTHLY;BYDAY=2TU;COUNT=12", "2027-01-01", "18:00", 120);
        var meetings = await MeetingsOfAsync(organizer, series);

        Assert.Equal("FREQ=MONTHLY;COUNT=12;BYDAY=2TU", series.GetProperty("rrule").GetString());
        Assert.Equal(12, series.GetProperty("meetingCount").GetInt32());
        string[] secondTuesdays =
        [
            "2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08",
            "2027-07-13", "2027-08-10", "2027-09-14", "2027-10-12", "2027-11-09", "2027-12-14",
        ];
        Assert.Equal(secondTuesdays, meetings.Select(m => Local(m, "startsAt").ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.All(meetings, m => Assert.Equal(new TimeOnly(18, 0), TimeOnly.FromDateTime(Local(m, "startsAt"))));
        Assert.All(meetings, m => Assert.Equal(new TimeOnly(20, 0), TimeOnly.FromDateTime(Local(m, "endsAt"))));
        Assert.All(meetings, m => Assert.Equal("scheduled", m.GetProperty("status").GetString()));
        Assert.All(meetings, m => Assert.Equal(series.GetProperty("id").GetGuid(), m.GetProperty("seriesId").GetGuid()));
        Assert.All(meetings, m => Assert.Equal(2, m.GetProperty("agenda").GetArrayLength()));
    }

    [Fact]
    public async Task KeepSixPmLocal_AcrossTheMarchChange_WhileTheUtcHourMoves()
    {
        using var organizer = await OrganizerAsync();

        // Daylight saving time starts on Sunday 14 March 2027 in America/Los_Angeles.
        var series = await CreateSeriesAsync(organizer, "FREQ=WEEKLY;BYDAY=TU;COUNT=4", "2027-03-01", "18:00", 120);
        var meetings = await MeetingsOfAsync(organizer, series);

        Assert.Equal(
            ["2027-03-03T02:00:00Z", "2027-03-10T02:00:00Z", "2027-03-17T01:00:00Z", "2027-03-24T01:00:00Z"],
            meetings.Select(m => m.GetProperty("startsAt").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
        Assert.All(meetings, m => Assert.Equal(new TimeOnly(18, 0), TimeOnly.FromDateTime(Local(m, "startsAt"))));
    }

    [Fact]
    public async Task KeepSixPmLocal_AcrossTheNovemberChange_WhileTheUtcHourMoves()
    {
        using var organizer = await OrganizerAsync();

        // Daylight saving time ends on Sunday 7 November 2027 in America/Los_Angeles.
        var series = await CreateSeriesAsync(organizer, "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271116", "2027-10-25", "18:00", 120);
        var meetings = await MeetingsOfAsync(organizer, series);

        Assert.Equal(
            ["2027-10-27T01:00:00Z", "2027-11-03T01:00:00Z", "2027-11-10T02:00:00Z", "2027-11-17T02:00:00Z"],
            meetings.Select(m => m.GetProperty("startsAt").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
        Assert.All(meetings, m => Assert.Equal(new TimeOnly(18, 0), TimeOnly.FromDateTime(Local(m, "startsAt"))));
        Assert.All(meetings, m =>
            Assert.Equal(TimeSpan.FromHours(2), m.GetProperty("endsAt").GetDateTimeOffset() - m.GetProperty("startsAt").GetDateTimeOffset()));
    }

    [Fact]
    public async Task ExpandWeeklyRulesWithIntervalAndSeveralDays_FromTheFirstMatchingDate()
    {
        using var organizer = await OrganizerAsync();

        // Every other week, on Monday and Thursday, starting Wednesday 6 January 2027: the first match is Thursday 7.
        var series = await CreateSeriesAsync(organizer, "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=5", "2027-01-06", "09:30", 60, agenda: []);
        var meetings = await MeetingsOfAsync(organizer, series);

        Assert.Equal(["2027-01-07", "2027-01-18", "2027-01-21", "2027-02-01", "2027-02-04"],
            meetings.Select(m => Local(m, "startsAt").ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.All(meetings, m => Assert.Equal(new TimeOnly(9, 30), TimeOnly.FromDateTime(Local(m, "startsAt"))));
    }

    [Fact]
    public async Task RotateTheHostSpaces_OverTheOccurrences()
    {
        using var organizer = await OrganizerAsync();
        var a = (await organizer.CreateSpaceAsync("Space A")).GetProperty("id").GetGuid();
        var b = (await organizer.CreateSpaceAsync("Space B")).GetProperty("id").GetGuid();

        var series = await CreateSeriesAsync(organizer, "FREQ=MONTHLY;BYDAY=-1FR;COUNT=5", "2027-01-01", "17:00", 120, hosts: [a, b]);
        var meetings = await MeetingsOfAsync(organizer, series);

        Assert.Equal([a, b, a, b, a], meetings.Select(m => m.GetProperty("hostSpaceId").GetGuid()));
        Assert.Equal(["2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30", "2027-05-28"],
            meetings.Select(m => Local(m, "startsAt").ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("FREQ=DAILY;COUNT=3", "FREQ=DAILY")]
    [InlineData("FREQ=WEEKLY;BYHOUR=18;COUNT=3", "BYHOUR")]
    [InlineData("FREQ=WEEKLY;BYDAY=2TU;COUNT=3", "FREQ=MONTHLY")]
    [InlineData("FREQ=WEEKLY", "COUNT")]
    [InlineData("FREQ=WEEKLY;UNTIL=20300101", "more than 100")]
    [InlineData("FREQ=MONTHLY;INTERVAL=12;COUNT=4", "at most 2 years")]
    [InlineData("FREQ=WEEKLY;UNTIL=20261231", "no meetings")]
    public async Task Refuse400_ForARuleOutsideTheSubset_NamingThePart(string rule, string named)
    {
        using var organizer = await OrganizerAsync();

        using var response = await organizer.PostAsync("/v1/meeting-series", MeetingCalls.Json(SeriesBody(rule, "2027-01-01", "18:00", 120)));

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors();
        Assert.Equal(["rrule"], errors.Keys);
        Assert.Contains(named, errors["rrule"][0], StringComparison.Ordinal);
        Assert.Empty(await organizer.ListAllAsync("/v1/meetings"));
    }

    [Fact]
    public async Task Refuse400_NamingTheOtherInvalidFields_And422_ForAnAgendaLongerThanTheMeeting()
    {
        using var organizer = await OrganizerAsync();
        var body = SeriesBody("FREQ=WEEKLY;COUNT=2", "2027-01-01", "25:00", 0);
        body["timeZone"] = "Mars/Olympus_Mons";
        body["title"] = "";

        using var invalid = await organizer.PostAsync("/v1/meeting-series", MeetingCalls.Json(body));
        using var tooLong = await organizer.PostAsync("/v1/meeting-series", MeetingCalls.Json(SeriesBody("FREQ=WEEKLY;COUNT=2", "2027-01-01", "18:00", 90)));

        Assert.Equal(["durationMinutes", "startTime", "timeZone", "title"],
            (await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(30, (await tooLong.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "agenda-too-long")).GetProperty("overByMinutes").GetInt32());
    }

    [Fact]
    public async Task CarryAPatchOnlyToFutureMeetings_ThatWereNotEditedOneByOne()
    {
        using var organizer = await OrganizerAsync();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, LosAngeles).DateTime);
        // Six weekly meetings, the first three already past.
        var series = await CreateSeriesAsync(organizer, "FREQ=WEEKLY;COUNT=6", today.AddDays(-20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "18:00", 120);
        var seriesId = series.GetProperty("id").GetGuid();
        var before = await MeetingsOfAsync(organizer, series);
        var future = before.Where(m => m.GetProperty("startsAt").GetDateTimeOffset() > DateTimeOffset.UtcNow).ToList();
        Assert.Equal(3, future.Count);
        var edited = future[0].GetProperty("id").GetGuid();
        var cancelled = future[1].GetProperty("id").GetGuid();
        var untouched = future[2].GetProperty("id").GetGuid();
        using (var edit = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meetings/{edited}", new JsonObject { ["title"] = "Special edition" }))
        {
            Assert.True((await edit.ReadJsonAsync()).GetProperty("editedIndividually").GetBoolean());
        }

        using (var cancel = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{cancelled}/cancel", new JsonObject { ["reason"] = "Holiday" }))
        {
            await cancel.ReadJsonAsync();
        }

        using var etagSource = await organizer.GetAsync($"/v1/meeting-series/{seriesId}");
        using var patch = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meeting-series/{seriesId}",
            new JsonObject { ["title"] = "Renamed series", ["startTime"] = "17:30", ["capacity"] = 30 },
            ifMatch: MeetingCalls.ETagOf(etagSource), contentType: "application/merge-patch+json");
        var patched = await patch.ReadJsonAsync();
        Assert.Equal("17:30", patched.GetProperty("startTime").GetString());

        var after = (await MeetingsOfAsync(organizer, series)).ToDictionary(m => m.GetProperty("id").GetGuid());
        foreach (var past in before.Except(future))
        {
            var id = past.GetProperty("id").GetGuid();
            Assert.Equal(past.ToString(), after[id].ToString());
        }

        Assert.Equal("Special edition", after[edited].GetProperty("title").GetString());
        Assert.Equal(new TimeOnly(18, 0), TimeOnly.FromDateTime(Local(after[edited], "startsAt")));
        Assert.Equal("Alliance meeting", after[cancelled].GetProperty("title").GetString());
        Assert.Equal("cancelled", after[cancelled].GetProperty("status").GetString());
        Assert.Equal("Renamed series", after[untouched].GetProperty("title").GetString());
        Assert.Equal(new TimeOnly(17, 30), TimeOnly.FromDateTime(Local(after[untouched], "startsAt")));
        Assert.Equal(DateOnly.FromDateTime(Local(future[2], "startsAt")), DateOnly.FromDateTime(Local(after[untouched], "startsAt")));
        Assert.Equal(30, after[untouched].GetProperty("capacity").GetInt32());
        Assert.Equal(future[2].GetProperty("sequence").GetInt32() + 1, after[untouched].GetProperty("sequence").GetInt32());
    }

    [Theory]
    [InlineData("rrule", "\"FREQ=WEEKLY;COUNT=9\"")]
    [InlineData("startDate", "\"2027-02-01\"")]
    [InlineData("timeZone", "\"Europe/Berlin\"")]
    public async Task Refuse400_ForAPatchOfWhatDecidesWhichMeetingsExist(string field, string value)
    {
        using var organizer = await OrganizerAsync();
        var series = await CreateSeriesAsync(organizer, "FREQ=WEEKLY;COUNT=3", "2027-01-01", "18:00", 120);

        using var response = await organizer.SendAsync(HttpMethod.Patch, $"/v1/meeting-series/{series.GetProperty("id").GetGuid()}",
            new JsonObject { [field] = JsonNode.Parse(value) });

        Assert.Equal([field], (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).Errors().Keys);
    }

    [Fact]
    public async Task ListAndGetSeries_Publicly_WithAnETag()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var anonymous = api.Alliance(alliance.Subdomain);
        var first = await CreateSeriesAsync(organizer, "FREQ=WEEKLY;COUNT=2", "2027-01-01", "18:00", 120);
        var second = await CreateSeriesAsync(organizer, "FREQ=MONTHLY;BYDAY=1WE;COUNT=3", "2027-01-01", "12:00", 120);

        var listed = await anonymous.ListAllAsync("/v1/meeting-series", limit: 1);
        using var read = await anonymous.GetAsync($"/v1/meeting-series/{second.GetProperty("id").GetGuid()}");

        Assert.Equal([first.GetProperty("id").GetGuid(), second.GetProperty("id").GetGuid()], listed.Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal(second.ToString(), (await read.ReadJsonAsync()).ToString());
        MeetingCalls.ETagOf(read);
    }

    private async Task<HttpClient> OrganizerAsync()
    {
        var alliance = await api.ClaimAsync();
        return api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
    }

    private static JsonObject SeriesBody(string rule, string startDate, string startTime, int minutes, Guid[]? hosts = null, JsonObject[]? agenda = null)
    {
        var body = new JsonObject
        {
            ["title"] = "Alliance meeting",
            ["rrule"] = rule,
            ["startDate"] = startDate,
            ["startTime"] = startTime,
            ["durationMinutes"] = minutes,
            ["timeZone"] = MeetingCalls.LosAngeles,
        };
        if (hosts is not null)
        {
            body["hostSpaceIds"] = new JsonArray([.. hosts.Select(h => JsonValue.Create(h))]);
        }

        if (agenda is not null)
        {
            body["agenda"] = new JsonArray([.. agenda]);
        }

        return body;
    }

    private static async Task<JsonElement> CreateSeriesAsync(
        HttpClient organizer, string rule, string startDate, string startTime, int minutes, Guid[]? hosts = null, JsonObject[]? agenda = null)
    {
        using var response = await organizer.PostAsync("/v1/meeting-series", MeetingCalls.Json(SeriesBody(rule, startDate, startTime, minutes, hosts, agenda)));
        var series = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"https://{organizer.BaseAddress!.Host}/v1/meeting-series/{series.GetProperty("id").GetGuid()}", response.Headers.Location?.ToString());
        return series;
    }

    private static Task<List<JsonElement>> MeetingsOfAsync(HttpClient client, JsonElement series) =>
        client.ListAllAsync($"/v1/meetings?seriesId={series.GetProperty("id").GetGuid()}");

    /// <summary>Local wall-clock time, converted by the BCL (not by the library under test).</summary>
    private static DateTime Local(JsonElement meeting, string property) =>
        TimeZoneInfo.ConvertTime(meeting.GetProperty(property).GetDateTimeOffset(), LosAngeles).DateTime;
}
