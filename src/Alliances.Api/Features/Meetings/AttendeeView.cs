using Alliances.Api.Data.Entities;

namespace Alliances.Api.Features.Meetings;

/// <summary>A check-in. <c>rsvpId</c> links it to the RSVP with the same email, when there was one.</summary>
public sealed record AttendeeView(Guid Id, string Name, string? Email, Guid? SpaceId, Guid? RsvpId, DateTimeOffset CheckedInAt)
{
    public static AttendeeView From(MeetingAttendee attendee)
    {
        ArgumentNullException.ThrowIfNull(attendee);
        return new AttendeeView(attendee.Id, attendee.Name, attendee.Email, attendee.SpaceId, attendee.RsvpId, attendee.CheckedInAt);
    }
}

/// <summary>The answer to a check-in: who was checked in, and how many people have checked in so far.</summary>
public sealed record AttendanceReceipt(Guid MeetingId, AttendeeView Attendee, int AttendeeCount);
