using System.Globalization;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Meetings;
using Alliances.Api.Features.Spaces;

namespace Alliances.Api.Pages;

/// <summary>How the pages word hours, prices, dates and enum values; English, invariant digits.</summary>
public static class PageText
{
    // The app runs in invariant-globalization mode; the invariant culture's day and month names are English.
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    public static string TodaysHours(SpaceView space, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(space);
        var today = SpaceHours.Today(space.OpeningHours, space.TimeZone, now);
        return today.Count == 0 ? "Closed today" : "Today " + string.Join(", ", today.Select(h => $"{h.Opens}–{h.Closes}"));
    }

    /// <summary>One line per weekday, Monday first, as "Monday: 09:00–17:00" or "Monday: closed".</summary>
    public static IReadOnlyList<string> WeekHours(IReadOnlyList<OpeningHours> hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        DayOfWeek[] week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
        return [.. week.Select(day =>
        {
            var periods = hours.Where(h => h.Weekday == day).OrderBy(h => h.Opens, StringComparer.Ordinal).Select(h => $"{h.Opens}–{h.Closes}").ToList();
            return $"{day}: " + (periods.Count == 0 ? "closed" : string.Join(", ", periods));
        })];
    }

    /// <summary>"USD 0.00–450.00" per currency; null when the space lists no plans.</summary>
    public static string? PriceRange(IReadOnlyList<MembershipPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        if (plans.Count == 0)
        {
            return null;
        }

        return string.Join("; ", plans.GroupBy(p => p.Price.Currency).Select(g =>
        {
            var amounts = g.Select(p => decimal.Parse(p.Price.Amount, CultureInfo.InvariantCulture)).ToList();
            var (min, max) = (amounts.Min(), amounts.Max());
            return min == max
                ? $"{g.Key} {min.ToString("0.00", CultureInfo.InvariantCulture)}"
                : $"{g.Key} {min.ToString("0.00", CultureInfo.InvariantCulture)}–{max.ToString("0.00", CultureInfo.InvariantCulture)}";
        }));
    }

    public static string Price(MembershipPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return $"{plan.Price.Currency} {plan.Price.Amount} per {Words(plan.Interval)}";
    }

    /// <summary>"Tuesday, January 13, 2026, 18:00–20:00 (America/Los_Angeles)": the wall clock where the meeting is held.</summary>
    public static string When(MeetingView meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var start = SpaceHours.LocalTime(meeting.TimeZone, meeting.StartsAt);
        var end = SpaceHours.LocalTime(meeting.TimeZone, meeting.EndsAt);
        return $"{start.ToString("dddd, MMMM d, yyyy, HH:mm", English)}–{end.ToString("HH:mm", English)} ({meeting.TimeZone})";
    }

    public static string Date(DateOnly date) => date.ToString("MMMM d, yyyy", English);

    /// <summary>An enum as people read it: <c>ArtistStudio</c> → "artist studio".</summary>
    public static string Words<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()).Replace('_', ' ');
}
