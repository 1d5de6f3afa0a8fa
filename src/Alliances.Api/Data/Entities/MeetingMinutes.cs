namespace Alliances.Api.Data.Entities;

/// <summary>The record of a meeting: markdown notes and the decisions taken. One row per meeting, keyed by it.</summary>
public sealed class MeetingMinutes
{
    public Guid MeetingId { get; set; }

    public required string Markdown { get; set; }

    public List<MeetingDecision> Decisions { get; init; } = [];

    public DateTimeOffset RecordedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Starts at 1 and grows with every change: the concurrency token, and the version in the minutes' ETag.</summary>
    public int Version { get; set; }
}
