using Alliances.Api.Data.Entities;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// A meeting's minutes. Before any are recorded the resource still exists, empty: <c>markdown</c> and
/// <c>recordedAt</c> are null and <c>decisions</c> is empty.
/// </summary>
public sealed record MinutesView(
    Guid MeetingId, string? Markdown, IReadOnlyList<MeetingDecision> Decisions, DateTimeOffset? RecordedAt, DateTimeOffset? UpdatedAt)
{
    public static MinutesView From(Guid meetingId, MeetingMinutes? minutes) =>
        minutes is null
            ? new MinutesView(meetingId, null, [], null, null)
            : new MinutesView(meetingId, minutes.Markdown, minutes.Decisions, minutes.RecordedAt, minutes.UpdatedAt);

    /// <summary>Prefixed, so a tag of the minutes can never match the meeting's own tag.</summary>
    public static string ETagOf(Guid meetingId, MeetingMinutes? minutes) => $"\"minutes-{meetingId:N}-{minutes?.Version ?? 0}\"";
}
