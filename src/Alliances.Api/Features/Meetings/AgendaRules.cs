using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// The rules of an agenda: the alliance's default format when none is given, and that the segments fit in the meeting.
/// An agenda may end before the meeting does (the rest is unplanned time); it may not run past it.
/// </summary>
public static class AgendaRules
{
    /// <summary>
    /// The default format from the alliance's settings: a structured hour that works toward the group's goals, then a
    /// social hour anyone can join. A part set to 0 minutes in the settings is left out.
    /// </summary>
    /// <remarks>
    /// With <paramref name="fitIn"/>, a meeting shorter than the format gets a format cut to fit rather than a 422 the
    /// organizer never asked for: the structured part first, then what is left for the social part (a 90-minute meeting
    /// with the 60 + 60 default gets 60 + 30; a 45-minute one gets 45 and no social time).
    /// </remarks>
    public static List<AgendaSegment> Default(AllianceSettings settings, int? fitIn = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var left = fitIn ?? int.MaxValue;
        var structured = Math.Min(settings.MeetingStructuredMinutes, left);
        var social = Math.Min(settings.MeetingSocialMinutes, left - structured);
        var segments = new List<AgendaSegment>();
        if (structured > 0)
        {
            segments.Add(new AgendaSegment("Structured agenda", AgendaSegmentKind.Structured, structured, null));
        }

        if (social > 0)
        {
            segments.Add(new AgendaSegment("Social time", AgendaSegmentKind.Social, social, null));
        }

        return segments;
    }

    public static int TotalMinutes(IEnumerable<AgendaSegment> segments) => segments.Sum(s => s.Minutes);

    /// <summary>Null when <paramref name="segments"/> fit in <paramref name="durationMinutes"/>; otherwise the 422 that says by how much.</summary>
    public static ProblemHttpResult? CheckFits(IReadOnlyCollection<AgendaSegment> segments, int durationMinutes, bool isDefault)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var total = TotalMinutes(segments);
        if (total <= durationMinutes)
        {
            return null;
        }

        var over = total - durationMinutes;
        var what = isDefault
            ? $"The alliance's default meeting format ({string.Join(" + ", segments.Select(s => s.Minutes))} minutes) needs {total} minutes"
            : $"The agenda's {segments.Count} segment{(segments.Count == 1 ? "" : "s")} need {total} minutes";
        var fix = isDefault
            ? "Give the meeting an agenda that fits, lengthen it, or change meetingFormat in the alliance's settings."
            : "Shorten or remove segments, or lengthen the meeting.";
        return ApiProblems.Problem(422, ProblemTypes.AgendaTooLong, "Agenda too long",
            $"{what} but the meeting lasts {durationMinutes}: {over} minute{(over == 1 ? "" : "s")} too many. {fix}",
            new Dictionary<string, object?>
            {
                ["agendaMinutes"] = total,
                ["meetingMinutes"] = durationMinutes,
                ["overByMinutes"] = over,
            });
    }

    /// <summary>Records a change to the agenda: a new sequence, and on a series occurrence, an individual edit.</summary>
    public static void Touch(Meeting meeting, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(clock);
        meeting.Sequence++;
        meeting.UpdatedAt = MeetingRules.ToMicroseconds(clock.GetUtcNow());
        meeting.EditedIndividually = meeting.SeriesId is not null;
    }
}
