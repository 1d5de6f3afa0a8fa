namespace Alliances.Api.Data.Entities;

/// <summary>A check-in at a meeting that has started: who came, and the RSVP it matched, if any.</summary>
public sealed class MeetingAttendee
{
    public Guid Id { get; set; }

    public Guid MeetingId { get; set; }

    public required string Name { get; set; }

    /// <summary>Lower-case; unique per meeting when given. Walk-ins may come without one.</summary>
    public string? Email { get; set; }

    public Guid? SpaceId { get; set; }

    public Guid? RsvpId { get; set; }

    public DateTimeOffset CheckedInAt { get; set; }
}
