namespace Alliances.Api.Data.Entities;

/// <summary>
/// One person's answer to a meeting, one per email (stored lower-case). A "yes" beyond the meeting's capacity is
/// waitlisted; the waitlist is ordered by <see cref="WaitlistedAt"/>, then id.
/// </summary>
public sealed class MeetingRsvp
{
    public Guid Id { get; set; }

    public Guid MeetingId { get; set; }

    public required string Name { get; set; }

    public required string Email { get; set; }

    /// <summary>The space the person comes from, as given; not a foreign key, so an RSVP outlives a removed space.</summary>
    public Guid? SpaceId { get; set; }

    public RsvpResponse Response { get; set; }

    /// <summary>True for a "yes" that did not get a seat (yet).</summary>
    public bool Waitlisted { get; set; }

    public DateTimeOffset? WaitlistedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
