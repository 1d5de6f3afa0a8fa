using Alliances.Api.Data.Entities;

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

    /// <summary>The periods on the space's local day at <paramref name="now"/>, earliest first.</summary>
    public static IReadOnlyList<OpeningHours> Today(IReadOnlyList<OpeningHours> hours, string timeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var day = LocalTime(timeZone, now).DayOfWeek;
        return [.. hours.Where(h => h.Weekday == day).OrderBy(h => h.Opens, StringComparer.Ordinal)];
    }
}
