namespace Alliances.Api.Data.Entities;

/// <summary>
/// A meeting of the alliance: a time span in UTC plus the IANA time zone it is held in, a host space or a free-text
/// location, and an ordered agenda (a small document, stored as jsonb). An occurrence of a <see cref="MeetingSeries"/>
/// is an ordinary meeting that remembers its series, its place in it and whether it was edited on its own since.
/// </summary>
public sealed class Meeting
{
    public Guid Id { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    /// <summary>IANA name; the alliance's unless the meeting says otherwise.</summary>
    public required string TimeZone { get; set; }

    /// <summary>A space of this alliance; set to null by the database when that space is removed.</summary>
    public Guid? HostSpaceId { get; set; }

    /// <summary>Free text, for meetings not hosted by a member space. Never set together with <see cref="HostSpaceId"/>.</summary>
    public string? Location { get; set; }

    public string? OnlineUrl { get; set; }

    /// <summary>Seats for "yes" answers; null is unlimited. Further "yes" answers are waitlisted.</summary>
    public int? Capacity { get; set; }

    public MeetingStatus Status { get; set; }

    public string? CancellationReason { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public List<AgendaSegment> Agenda { get; init; } = [];

    public Guid? SeriesId { get; set; }

    /// <summary>0-based position in the series' expansion (host spaces rotate by it); null outside a series.</summary>
    public int? OccurrenceIndex { get; set; }

    /// <summary>The local date the series rule gave this occurrence; a series edit rebuilds the times from it.</summary>
    public DateOnly? OccurrenceDate { get; set; }

    /// <summary>True once the meeting itself was changed: series edits then leave it alone.</summary>
    public bool EditedIndividually { get; set; }

    /// <summary>
    /// Starts at 0 and grows with every change to the meeting (not with RSVPs): the iCalendar SEQUENCE, the concurrency
    /// token, and the version in the meeting's ETag.
    /// </summary>
    public int Sequence { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
