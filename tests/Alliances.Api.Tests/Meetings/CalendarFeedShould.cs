using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Meetings;

/// <summary>
/// The feed and the per-meeting files are read back with <see cref="ICalendarText"/>, a parser written for these tests,
/// and every property the conventions require is checked against what the API says about the meetings in JSON.
/// </summary>
public sealed partial class CalendarFeedShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById(MeetingCalls.LosAngeles);

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z$")]
    private static partial Regex UtcDateTime();

    [Fact]
    public async Task ServeEveryMeetingAsAnEvent_WithEveryRequiredProperty()
    {
        var world = await WorldAsync();

        using var response = await world.Anonymous.GetAsync("/v1/calendar.ics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var calendar = ICalendarText.Parse(text);
        Assert.All(calendar.PhysicalLines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"Longer than 75 octets: {l}"));
        var root = calendar.Root;
        Assert.Equal("VCALENDAR", root.Name);
        Assert.Equal("2.0", root.One("VERSION").RawValue);
        Assert.False(string.IsNullOrWhiteSpace(root.One("PRODID").RawValue));
        var refresh = root.One("REFRESH-INTERVAL");
        Assert.Equal("DURATION", refresh.Parameter("VALUE"));
        Assert.Equal("PT1H", refresh.RawValue);
        Assert.Equal("PT1H", root.One("X-PUBLISHED-TTL").RawValue);

        var zone = Assert.Single(root.All("VTIMEZONE"));
        Assert.Equal(MeetingCalls.LosAngeles, zone.One("TZID").RawValue);
        foreach (var part in new[] { "STANDARD", "DAYLIGHT" })
        {
            var rule = Assert.Single(zone.All(part));
            rule.One("DTSTART");
            rule.One("TZOFFSETFROM");
            rule.One("TZOFFSETTO");
        }

        var events = root.All("VEVENT").ToDictionary(e => e.One("UID").RawValue);
        Assert.Equal(world.InFeed.Select(m => Uid(world, m)).Order(StringComparer.Ordinal), events.Keys.Order(StringComparer.Ordinal));
        foreach (var meeting in world.InFeed)
        {
            var json = await world.Anonymous.GetMeetingAsync(meeting);
            var ev = events[Uid(world, meeting)];
            Assert.Matches(UtcDateTime(), ev.One("DTSTAMP").RawValue);
            AssertLocal(ev.One("DTSTART"), json.GetProperty("startsAt").GetDateTimeOffset());
            AssertLocal(ev.One("DTEND"), json.GetProperty("endsAt").GetDateTimeOffset());
            Assert.Equal(json.GetProperty("sequence").GetInt32().ToString(CultureInfo.InvariantCulture), ev.One("SEQUENCE").RawValue);
            Assert.Equal(json.GetProperty("title").GetString(), ev.One("SUMMARY").Text);
            Assert.Equal($"https://{world.Subdomain}.{ApiFactory.Apex}/v1/meetings/{meeting}", ev.One("URL").RawValue);
            Assert.Equal(json.GetProperty("status").GetString() == "cancelled" ? "CANCELLED" : "CONFIRMED", ev.One("STATUS").RawValue);
        }

        Assert.Equal("Office Nomads, 1617 Boylston Ave, Seattle, WA 98122, US", events[Uid(world, world.Hosted)].One("LOCATION").Text);
        Assert.Equal("Café; upstairs, room 2", events[Uid(world, world.Escaped)].One("LOCATION").Text);
        Assert.Equal("Budget, rent; and the \"laser\" \\ cutter", events[Uid(world, world.Escaped)].One("SUMMARY").Text);
        Assert.Contains("Agenda:\n- Structured agenda (60 min)\n- Social time (60 min)",
            events[Uid(world, world.Hosted)].One("DESCRIPTION").Text, StringComparison.Ordinal);
        Assert.Equal("CANCELLED", events[Uid(world, world.Cancelled)].One("STATUS").RawValue);
        Assert.Equal("1", events[Uid(world, world.Cancelled)].One("SEQUENCE").RawValue);
        Assert.DoesNotContain(Uid(world, world.TooOld), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer304_ToIfNoneMatch_UntilAMeetingChanges_ThenShowTheNewSequenceUnderTheSameUid()
    {
        var world = await WorldAsync();
        using var first = await world.Anonymous.GetAsync("/v1/calendar.ics");
        var etag = MeetingCalls.ETagOf(first);

        using var unchanged = await GetWithAsync(world.Anonymous, "/v1/calendar.ics", "If-None-Match", etag);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());

        var rename = new JsonObject { ["title"] = "Moved to the big room" };
        using (var patch = await world.Organizer.SendAsync(HttpMethod.Patch, $"/v1/meetings/{world.Hosted}", rename))
        {
            await patch.ReadJsonAsync();
        }

        using var changed = await GetWithAsync(world.Anonymous, "/v1/calendar.ics", "If-None-Match", etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, MeetingCalls.ETagOf(changed));
        var ev = ICalendarText.Parse(await changed.Content.ReadAsStringAsync()).Root.All("VEVENT")
            .Single(e => e.One("UID").RawValue == Uid(world, world.Hosted));
        Assert.Equal("1", ev.One("SEQUENCE").RawValue);
        Assert.Equal("Moved to the big room", ev.One("SUMMARY").Text);
    }

    [Fact]
    public async Task ServeOneMeetingAsAFile_WithTheSameUidAndSequenceAsTheFeed()
    {
        var world = await WorldAsync();

        using var response = await world.Anonymous.GetAsync($"/v1/meetings/{world.Cancelled}.ics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var root = ICalendarText.Parse(text).Root;
        Assert.Equal(MeetingCalls.LosAngeles, Assert.Single(root.All("VTIMEZONE")).One("TZID").RawValue);
        var ev = Assert.Single(root.All("VEVENT"));
        Assert.Equal(Uid(world, world.Cancelled), ev.One("UID").RawValue);
        Assert.Equal("1", ev.One("SEQUENCE").RawValue);
        Assert.Equal("CANCELLED", ev.One("STATUS").RawValue);
        Assert.Equal("PT1H", root.One("X-PUBLISHED-TTL").RawValue);
        using var cached = await GetWithAsync(world.Anonymous, $"/v1/meetings/{world.Cancelled}.ics", "If-None-Match", MeetingCalls.ETagOf(response));
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
    }

    [Fact]
    public async Task BuildUrlsFromTheCanonicalHost_NeverFromTheRequest()
    {
        var world = await WorldAsync();
        // The request comes over plain http, to an upper-case host with a trailing dot and a port.
        using var unusual = api.ClientFor($"{world.Subdomain.ToUpperInvariant()}.ALLIANCES.TEST.:8080");

        using var response = await unusual.GetAsync("/v1/calendar.ics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        Assert.DoesNotContain("ALLIANCES.TEST", text, StringComparison.Ordinal);
        Assert.DoesNotContain("8080", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
        var urls = ICalendarText.Parse(text).Root.All("VEVENT").Select(e => e.One("URL").RawValue).ToList();
        Assert.NotEmpty(urls);
        Assert.All(urls, u => Assert.StartsWith($"https://{world.Subdomain}.{ApiFactory.Apex}/v1/meetings/", u, StringComparison.Ordinal));
    }

    private static void AssertLocal(ICalendarText.Property property, DateTimeOffset instant)
    {
        Assert.Equal(MeetingCalls.LosAngeles, property.Parameter("TZID"));
        var local = TimeZoneInfo.ConvertTime(instant, LosAngeles).DateTime;
        Assert.Equal(local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture), property.RawValue);
    }

    private static string Uid(World world, Guid meeting) => $"{meeting}@{world.Subdomain}.{ApiFactory.Apex}";

    private static async Task<HttpResponseMessage> GetWithAsync(HttpClient client, string path, string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(header, value);
        return await client.SendAsync(request);
    }

    private async Task<World> WorldAsync()
    {
        var alliance = await api.ClaimAsync();
        var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var space = (await organizer.CreateSpaceAsync("Office Nomads")).GetProperty("id").GetGuid();

        var hostedBody = MeetingCalls.Body("Monthly meeting", TimeSpan.FromDays(12));
        hostedBody["hostSpaceId"] = space;
        var hosted = await organizer.CreateMeetingIdAsync(hostedBody);

        var escapedBody = MeetingCalls.Body("Budget, rent; and the \"laser\" \\ cutter", TimeSpan.FromDays(40));
        escapedBody["location"] = "Café; upstairs, room 2";
        escapedBody["description"] = string.Concat(Enumerable.Repeat("A long description that must be folded into several lines. ", 8));
        var escaped = await organizer.CreateMeetingIdAsync(escapedBody);

        var cancelled = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Called off", TimeSpan.FromDays(20)));
        using (var cancel = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{cancelled}/cancel", new JsonObject { ["reason"] = "Snow" }))
        {
            await cancel.ReadJsonAsync();
        }

        var recent = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Eighty days ago", TimeSpan.FromDays(-80)));
        var tooOld = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("A hundred days ago", TimeSpan.FromDays(-100)));
        return new World(alliance.Subdomain, organizer, api.Alliance(alliance.Subdomain), hosted, escaped, cancelled, recent, tooOld);
    }

    private sealed record World(
        string Subdomain, HttpClient Organizer, HttpClient Anonymous, Guid Hosted, Guid Escaped, Guid Cancelled, Guid Recent, Guid TooOld)
    {
        public Guid[] InFeed => [Hosted, Escaped, Cancelled, Recent];
    }
}
