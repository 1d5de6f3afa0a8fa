using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// Opening hours read against a clock in the space's own time zone: whether a space is open at an instant, and its
/// periods on the local day. One definition for <c>GET /v1/spaces?openNow=true</c>, SpaceAPI's <c>state.open</c> and the
/// pages. Only an <see cref="SpaceStatus.Open"/> space can be open; periods are half-open, [opens, closes), on one day.
/// </summary>
public static class SpaceHours
{
    /// <summary>The wall-clock time in <paramref name="timeZone"/> at <paramref name="now"/>; UTC if the zone is unknown to this machine.</summary>
    public static DateTime LocalTime(string timeZone, DateTimeOffset now) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? TimeZoneInfo.ConvertTime(now, zone).DateTime : now.UtcDateTime;

    public static bool IsOpenAt(SpaceStatus status, IReadOnlyList<OpeningHours> hours, string timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hours);
        if (status != SpaceStatus.Open)
        {
            return false;
        }

        var local = LocalTime(timeZone, now);
        var minute = local.Hour * 60 + local.Minute;
        return hours.Any(h => h.Weekday == local.DayOfWeek &&
                              SpaceRules.MinutesOf(h.Opens, false) is { } opens && SpaceRules.MinutesOf(h.Closes, true) is { } closes &&
                              opens <= minute && minute < closes);
    }

    public static bool IsOpenAt(Space space, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(space);
        return IsOpenAt(space.Status, space.OpeningHours, space.TimeZone, now);
    }

    /// <summary>
    /// The spaces open at <paramref name="now"/>, as a query the list's filters compose with: the same rule as
    /// <see cref="IsOpenAt(SpaceStatus, IReadOnlyList{OpeningHours}, string, DateTimeOffset)"/>, evaluated by PostgreSQL so
    /// that paging stays a keyset over the filtered rows. Times are "HH:mm" strings, so they compare as text; "24:00"
    /// sorts after every time of the day. to_char's FMDay is English whatever the server's locale (no TM prefix).
    /// </summary>
    public static IQueryable<Space> OpenAt(AllianceDbContext db, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Spaces.FromSql($"""
            SELECT * FROM spaces s
            WHERE s.status = 'open' AND EXISTS (
                SELECT 1 FROM jsonb_array_elements(s.opening_hours) h
                WHERE h->>'weekday' = lower(to_char({now} AT TIME ZONE s.time_zone, 'FMDay'))
                  AND h->>'opens' <= to_char({now} AT TIME ZONE s.time_zone, 'HH24:MI')
                  AND to_char({now} AT TIME ZONE s.time_zone, 'HH24:MI') < h->>'closes')
            """);
    }

    /// <summary>The periods on the space's local day at <paramref name="now"/>, earliest first.</summary>
    public static IReadOnlyList<OpeningHours> Today(IReadOnlyList<OpeningHours> hours, string timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var day = LocalTime(timeZone, now).DayOfWeek;
        return [.. hours.Where(h => h.Weekday == day).OrderBy(h => h.Opens, StringComparer.Ordinal)];
    }
}
