using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Meetings;
using Ical.Net.DataTypes;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Platform.Demo;

/// <summary>
/// The demo alliance's meetings, from its story: a monthly meeting on the second Tuesday, 18:00–20:00 Seattle time, a
/// structured hour and a social hour, moving between the open member spaces. The series starts at the last meeting
/// that has already happened, which was held and has minutes; one of the coming meetings is cancelled. Built with the
/// same code as <c>POST /v1/meeting-series</c>, so the demo shows exactly what the API creates.
/// </summary>
public static class DemoMeetings
{
    private const string TimeZone = "America/Los_Angeles";
    private const string Rule = "FREQ=MONTHLY;BYDAY=2TU";

    public static async Task SeedAsync(AllianceDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hosts = await db.Spaces
            .Where(s => s.Status == SpaceStatus.Open).OrderBy(s => s.JoinedAt).Select(s => s.Id)
            .ToListAsync(cancellationToken);
        var settings = await db.AllianceSettings.SingleAsync(cancellationToken);
        var firstPriority = await db.Priorities.Where(p => p.Rank == 1).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);

        var write = new MeetingSeriesWrite(
            "Seattle alliance monthly meeting",
            "First hour: the alliance's priorities, new and planned spaces, and what members need. Second hour: social, all welcome.",
            $"{Rule};COUNT=12", LastMeetingDay(now), "18:00", 120, TimeZone, hosts, null, null, 40, null);
        if (!CreateMeetingSeries.TryBuild(write, TimeZone, AgendaRules.Default(settings), now, out var series, out var meetings, out var error))
        {
            throw new InvalidOperationException("The demo meeting series does not expand: " + error);
        }

        var held = meetings[0];
        held.Status = MeetingStatus.Held;
        held.Sequence++;
        var cancelled = meetings.First(m => m.StartsAt > now.AddDays(35));
        cancelled.Status = MeetingStatus.Cancelled;
        cancelled.CancellationReason = "The host space is closed for floor repairs that week; see you the month after.";
        cancelled.CancelledAt = now;
        cancelled.Sequence++;

        db.MeetingSeries.Add(series);
        db.Meetings.AddRange(meetings);
        db.MeetingMinutes.Add(new MeetingMinutes
        {
            MeetingId = held.Id,
            Markdown = """
                       # Monthly meeting

                       **Present:** organizers of Office Nomads, The Maple Leaf Branch, Coworking Eastlake and Jigsaw Renaissance,
                       and two neighbours from the Rainier Valley Commons group.

                       ## Updates
                       - Rainier Valley Commons has a lease offer; Office Nomads will review it with them.
                       - Jigsaw Renaissance opens its laser cutter to members of every alliance space on Thursdays.

                       ## Social hour
                       Pizza at the host space; fourteen people stayed.
                       """,
            Decisions =
            {
                new MeetingDecision("Pair Rainier Valley Commons with a mentor from Office Nomads.", firstPriority is { } id ? [id] : []),
                new MeetingDecision("Next meeting at the next space in the rotation.", []),
            },
            RecordedAt = held.EndsAt,
            UpdatedAt = held.EndsAt,
            Version = 1,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The date of the last second Tuesday that has passed, found by Ical.Net from a start two months back, so the series
    /// begins with exactly one meeting in the past.
    /// </summary>
    private static DateOnly LastMeetingDay(DateTimeOffset now)
    {
        var local = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId, hasTime: true).ToTimeZone(TimeZone);
        var search = new RecurrencePattern($"{Rule};COUNT=4");
        SeriesOccurrences.TryExpand(search, local.Date.AddMonths(-2), new TimeOnly(18, 0), 120, TimeZone, out var occurrences, out _);
        return occurrences.Last(o => o.EndsAt < now).Date;
    }
}
