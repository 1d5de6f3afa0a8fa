using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Alliances.Api.Data.Entities;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// Meetings as iCalendar (RFC 5545), built and serialised by Ical.Net. Each meeting is one VEVENT (occurrences of a
/// series are separate events, not an RRULE, since each can be edited on its own) with:
/// <list type="bullet">
/// <item>a UID that never changes, <c>{meeting id}@{alliance host}</c>, and the meeting's SEQUENCE;</item>
/// <item>DTSTART/DTEND with the meeting's TZID, and a VTIMEZONE for every time zone used;</item>
/// <item>DTSTAMP and LAST-MODIFIED: the last change to the meeting or its host space, so the text (and the feed's
/// ETag) changes only when something in it did;</item>
/// <item>STATUS:CANCELLED for a cancelled meeting (kept, so calendars remove it), CONFIRMED otherwise;</item>
/// <item>LOCATION from the host space's name and address, or the free-text location, or the online URL;</item>
/// <item>URL: the meeting on the alliance's canonical host, never on the request's Host.</item>
/// </list>
/// The calendar carries REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL, both one hour.
/// </summary>
public static class MeetingCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const string MediaType = "text/calendar";
    public const string ProductId = "-//Alliances//Alliances API//EN";
    /// <summary>How often subscribers should refresh, as an RFC 5545 duration (REFRESH-INTERVAL is written from the same hour).</summary>
    public const string RefreshInterval = "PT1H";

    /// <param name="calendarName">Shown by calendar apps as the subscription's name.</param>
    /// <param name="allianceUrl">The alliance's canonical base URL, e.g. <c>https://seattle.alliances.dev</c>.</param>
    /// <param name="meetings">The meetings, in the order to write them.</param>
    /// <param name="hosts">Host spaces by id; a meeting whose host is missing here gets no address.</param>
    public static string Render(string calendarName, string allianceUrl, IReadOnlyList<Meeting> meetings, IReadOnlyDictionary<Guid, Space> hosts)
    {
        ArgumentNullException.ThrowIfNull(meetings);
        ArgumentNullException.ThrowIfNull(hosts);
        var uidHost = new Uri(allianceUrl).Host;
        // No METHOD: without one, DTSTAMP means "last revised in the store" (RFC 5545 §3.8.7.2), which is what is written
        // here, and what keeps the text (and its ETag) unchanged between requests while nothing changes.
        var calendar = new Ical.Net.Calendar { ProductId = ProductId, Scale = "GREGORIAN" };
        calendar.AddProperty("X-WR-CALNAME", calendarName);
        var refresh = new CalendarProperty("REFRESH-INTERVAL", Duration.FromHours(1));
        refresh.AddParameter("VALUE", "DURATION");
        calendar.AddProperty(refresh);
        calendar.AddProperty("X-PUBLISHED-TTL", RefreshInterval);
        foreach (var zone in meetings.GroupBy(m => m.TimeZone, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var earliest = zone.Min(m => m.StartsAt).UtcDateTime;
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone.Key, earliest, includeHistoricalData: false));
        }

        foreach (var meeting in meetings)
        {
            var host = meeting.HostSpaceId is { } hostId ? hosts.GetValueOrDefault(hostId) : null;
            var changed = host is not null && host.UpdatedAt > meeting.UpdatedAt ? host.UpdatedAt : meeting.UpdatedAt;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{meeting.Id}@{uidHost}",
                Sequence = meeting.Sequence,
                DtStamp = Utc(changed),
                Created = Utc(meeting.CreatedAt),
                LastModified = Utc(changed),
                DtStart = Utc(meeting.StartsAt).ToTimeZone(meeting.TimeZone),
                DtEnd = Utc(meeting.EndsAt).ToTimeZone(meeting.TimeZone),
                Summary = meeting.Title,
                Description = Describe(meeting),
                Location = LocationOf(meeting, host),
                Url = new Uri($"{allianceUrl}/v1/meetings/{meeting.Id}"),
                Status = meeting.Status == MeetingStatus.Cancelled ? "CANCELLED" : "CONFIRMED",
                Transparency = "OPAQUE",
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    /// <summary>A strong ETag over the exact text served.</summary>
    public static string ETagOf(string text) =>
        $"\"ics-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16))}\"";

    /// <summary>"Office Nomads, 1617 Boylston Ave, Seattle, WA 98122, US": the host space's name and whatever address it has.</summary>
    public static string? LocationOf(Meeting meeting, Space? host)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        if (host is not null)
        {
            var regionAndCode = string.Join(' ', new[] { host.AddressRegion, host.AddressPostalCode }.Where(p => !string.IsNullOrWhiteSpace(p)));
            var parts = new[] { host.Name, host.AddressStreet, host.AddressCity, regionAndCode, host.AddressCountryCode };
            return string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        }

        return meeting.Location ?? meeting.OnlineUrl;
    }

    private static string Describe(Meeting meeting)
    {
        var text = new StringBuilder();
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            text.Append("Cancelled: ").AppendLine(meeting.CancellationReason).AppendLine();
        }

        if (meeting.Description is { } description)
        {
            text.AppendLine(description).AppendLine();
        }

        if (meeting.Agenda.Count > 0)
        {
            text.AppendLine("Agenda:");
            foreach (var segment in meeting.Agenda)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {segment.Title} ({segment.Minutes} min")
                    .Append(segment.Facilitator is null ? "" : ", " + segment.Facilitator)
                    .AppendLine(")");
            }
        }

        if (meeting.OnlineUrl is { } online)
        {
            text.AppendLine().Append("Online: ").AppendLine(online);
        }

        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime, CalDateTime.UtcTzId, hasTime: true);
}
