using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// A meeting as the API shows it. <c>startsAt</c>/<c>endsAt</c> are UTC; <c>timeZone</c> says where the wall clock is.
/// <c>sequence</c> is the iCalendar SEQUENCE: it grows with every change to the meeting. RSVP counts are not here (see
/// <c>GET /v1/meetings/{id}/rsvp-counts</c>), so an RSVP does not invalidate the meeting's ETag.
/// </summary>
public sealed record MeetingView(
    Guid Id,
    string Title,
    string? Description,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    Guid? HostSpaceId,
    string? Location,
    string? OnlineUrl,
    int? Capacity,
    MeetingStatus Status,
    string? CancellationReason,
    DateTimeOffset? CancelledAt,
    IReadOnlyList<AgendaSegment> Agenda,
    Guid? SeriesId,
    bool EditedIndividually,
    int Sequence,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static MeetingView From(Meeting meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        return new MeetingView(
            meeting.Id, meeting.Title, meeting.Description, meeting.StartsAt, meeting.EndsAt, meeting.TimeZone, meeting.HostSpaceId,
            meeting.Location, meeting.OnlineUrl, meeting.Capacity, meeting.Status, meeting.CancellationReason, meeting.CancelledAt,
            meeting.Agenda, meeting.SeriesId, meeting.EditedIndividually, meeting.Sequence, meeting.CreatedAt, meeting.UpdatedAt);
    }

    public static string ETagOf(Meeting meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        return EntityTags.For(meeting.Id, meeting.Sequence);
    }
}
