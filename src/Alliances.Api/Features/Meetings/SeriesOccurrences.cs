using Alliances.Api.Data.Entities;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// Expands a series into its occurrences with Ical.Net, and builds each occurrence's meeting. The start is a local
/// wall-clock time in the series' IANA time zone (DTSTART with TZID), so 18:00 in America/Los_Angeles stays 18:00
/// across daylight-saving changes while the UTC instant moves by an hour. No date arithmetic of our own: the library
/// evaluates the rule and converts times (through NodaTime's time-zone database).
/// </summary>
public static class SeriesOccurrences
{
    /// <summary>A series creates at most this many meetings…</summary>
    public const int MaxOccurrences = 100;

    /// <summary>…none later than this many days after its start date.</summary>
    public const int MaxSpanDays = 731;

    public sealed record Occurrence(int Index, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    /// <summary>The occurrences in order, or the reason the rule cannot be used (too many, too far, or none at all).</summary>
    public static bool TryExpand(
        RecurrenceRule rule, DateOnly startDate, TimeOnly startTime, int durationMinutes, string timeZone,
        out IReadOnlyList<Occurrence> occurrences, out string error)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var calendarEvent = new CalendarEvent
        {
            DtStart = new CalDateTime(startDate, startTime, timeZone),
            Duration = Duration.FromMinutes(durationMinutes),
        };
        calendarEvent.RecurrenceRule = rule;
        var lastDate = startDate.AddDays(MaxSpanDays);
        var found = new List<Occurrence>();
        occurrences = found;
        error = "";
        foreach (var occurrence in calendarEvent.GetOccurrences(null, null).Take(MaxOccurrences + 1))
        {
            var start = occurrence.Period.StartTime;
            if (found.Count == MaxOccurrences)
            {
                error = $"The rule gives more than {MaxOccurrences} meetings; use a smaller COUNT or an earlier UNTIL.";
                return false;
            }

            if (start.Date > lastDate)
            {
                error = $"The rule gives meetings after {lastDate:yyyy-MM-dd}; a series spans at most {MaxSpanDays / 365} years from its start date.";
                return false;
            }

            found.Add(At(found.Count, start.Date, startTime, durationMinutes, timeZone));
        }

        if (found.Count == 0)
        {
            error = "The rule gives no meetings on or after startDate.";
            return false;
        }

        return true;
    }

    /// <summary>The occurrence on <paramref name="date"/> at the local <paramref name="startTime"/>, converted by the library.</summary>
    public static Occurrence At(int index, DateOnly date, TimeOnly startTime, int durationMinutes, string timeZone)
    {
        var startsAt = new DateTimeOffset(new CalDateTime(date, startTime, timeZone).AsUtc, TimeSpan.Zero);
        return new Occurrence(index, date, startsAt, startsAt.AddMinutes(durationMinutes));
    }

    /// <summary>The host of occurrence <paramref name="index"/>: the rotation's entries in turn, or none.</summary>
    public static Guid? HostOf(MeetingSeries series, int index)
    {
        ArgumentNullException.ThrowIfNull(series);
        return series.HostSpaceIds.Count == 0 ? null : series.HostSpaceIds[index % series.HostSpaceIds.Count];
    }

    /// <summary>A new meeting for an occurrence, with everything the series sets.</summary>
    public static Meeting NewMeeting(MeetingSeries series, Occurrence occurrence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(occurrence);
        var meeting = new Meeting
        {
            Id = Guid.CreateVersion7(),
            Title = series.Title,
            TimeZone = series.TimeZone,
            Status = MeetingStatus.Scheduled,
            SeriesId = series.Id,
            OccurrenceIndex = occurrence.Index,
            OccurrenceDate = occurrence.Date,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(series, meeting);
        return meeting;
    }

    /// <summary>Copies the series' fields onto one of its occurrences; times are rebuilt from the occurrence's local date.</summary>
    public static void Apply(MeetingSeries series, Meeting meeting)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(meeting);
        var index = meeting.OccurrenceIndex ?? 0;
        var at = At(index, meeting.OccurrenceDate!.Value, series.StartTime, series.DurationMinutes, series.TimeZone);
        meeting.Title = series.Title;
        meeting.Description = series.Description;
        meeting.StartsAt = at.StartsAt;
        meeting.EndsAt = at.EndsAt;
        meeting.TimeZone = series.TimeZone;
        meeting.HostSpaceId = HostOf(series, index);
        meeting.Location = meeting.HostSpaceId is null ? series.Location : null;
        meeting.OnlineUrl = series.OnlineUrl;
        meeting.Capacity = series.Capacity;
        if (!meeting.Agenda.SequenceEqual(series.Agenda))
        {
            meeting.Agenda.Clear();
            meeting.Agenda.AddRange(series.Agenda);
        }
    }
}
