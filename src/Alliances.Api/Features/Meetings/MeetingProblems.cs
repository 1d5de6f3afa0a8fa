using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Features.Meetings;

/// <summary>The problems only meetings produce, each with a detail a client can act on.</summary>
public static class MeetingProblems
{
    public static ProblemHttpResult NotFound() => ApiProblems.NotFound("meeting");

    public static ProblemHttpResult SeriesNotFound() => ApiProblems.NotFound("meeting series");

    public static ProblemHttpResult Stale(string what = "meeting") =>
        ApiProblems.Problem(412, ProblemTypes.PreconditionFailed, "Precondition failed",
            $"The {what} has changed since the ETag in If-Match was issued. GET it again, reapply your change and retry.");

    public static ProblemHttpResult Cancelled(Meeting meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        return ApiProblems.Problem(409, ProblemTypes.MeetingCancelled, "Meeting cancelled",
            $"This meeting was cancelled{(meeting.CancelledAt is { } at ? $" at {at:yyyy-MM-ddTHH:mm:ssZ}" : "")}; " +
            "it takes no RSVPs, attendance or minutes.");
    }

    public static ProblemHttpResult AlreadyHeld() =>
        ApiProblems.Problem(409, ProblemTypes.MeetingHeld, "Meeting already held",
            "This meeting has minutes, so it was held; a meeting that took place cannot be cancelled.");

    public static ProblemHttpResult NotStarted(Meeting meeting, string what)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        return ApiProblems.Problem(409, ProblemTypes.MeetingNotStarted, "Meeting not started",
            $"{what} can be recorded once the meeting has started, at {meeting.StartsAt:yyyy-MM-ddTHH:mm:ssZ}.");
    }

    public static ProblemHttpResult RsvpsClosed(Meeting meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        return ApiProblems.Problem(409, ProblemTypes.RsvpsClosed, "RSVPs closed",
            meeting.Status == MeetingStatus.Held
                ? "This meeting was held (it has minutes); it takes no more RSVPs."
                : $"This meeting ended at {meeting.EndsAt:yyyy-MM-ddTHH:mm:ssZ}; it takes no more RSVPs.");
    }

    public static ProblemHttpResult NotYourSpace() =>
        ApiProblems.Problem(403, ProblemTypes.Forbidden, "Forbidden",
            "A space owner key answers for its own space only: leave spaceId out or give your space's id, and change only RSVPs of your space.");
}
