namespace Alliances.Api.Data.Entities;

/// <summary>
/// An idea the alliance might work on, or a goal it has committed to. Active priorities carry a rank (1..n, no gaps);
/// the number of them is capped by <see cref="AllianceSettings.MaxActivePriorities"/>. The vote count is kept on the row,
/// next to the votes themselves, so lists sort and page by it without counting on every read.
/// </summary>
public sealed class Priority
{
    public Guid Id { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public PriorityArea Area { get; set; }

    public PriorityStatus Status { get; set; }

    /// <summary>1 is the most important; set exactly when the priority is active (a check constraint holds the database to it).</summary>
    public int? Rank { get; set; }

    /// <summary>Who carries the priority: a person or group, by name. Null when nobody has taken it on yet.</summary>
    public string? OwnerName { get; set; }

    /// <summary>The space the owner acts for, if any; set to null if that space is deleted.</summary>
    public Guid? OwnerSpaceId { get; set; }

    /// <summary>A calendar date, no time zone: "by the end of March".</summary>
    public DateOnly? TargetDate { get; set; }

    public string? ProgressNotes { get; set; }

    /// <summary>The API key that proposed the idea.</summary>
    public Guid ProposedByKeyId { get; set; }

    /// <summary>That key's name when it proposed the idea: what people read ("Maria's laptop").</summary>
    public required string ProposedByName { get; set; }

    /// <summary>The number of rows in <c>priority_votes</c> for this priority, kept in step in the same transaction.</summary>
    public int VoteCount { get; set; }

    public DateTimeOffset? AchievedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The last change to the priority itself: its fields, status or rank. Votes do not change it.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Starts at 1 and grows with every change to the row (not with votes): the concurrency token, and part of the ETag.</summary>
    public int Version { get; set; }
}
