using Alliances.Api.Data.Entities;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// A priority as the API shows it. <c>rank</c> is set only while it is active; <c>owner</c> is null until someone takes
/// it on; <c>voteCount</c> counts the votes it gathered as an idea (votes stay with it after promotion).
/// </summary>
public sealed record PriorityView(
    Guid Id,
    string Title,
    string? Description,
    PriorityArea Area,
    PriorityStatus Status,
    int? Rank,
    PriorityView.PriorityOwner? Owner,
    DateOnly? TargetDate,
    string? ProgressNotes,
    KeyReference ProposedBy,
    int VoteCount,
    DateTimeOffset? AchievedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Who carries the priority: a name, and optionally the space they act for.</summary>
    public sealed record PriorityOwner(string Name, Guid? SpaceId);

    public static PriorityView From(Priority priority)
    {
        ArgumentNullException.ThrowIfNull(priority);
        return new PriorityView(
            priority.Id, priority.Title, priority.Description, priority.Area, priority.Status, priority.Rank,
            priority.OwnerName is { } owner ? new PriorityOwner(owner, priority.OwnerSpaceId) : null,
            priority.TargetDate, priority.ProgressNotes, new KeyReference(priority.ProposedByKeyId, priority.ProposedByName),
            priority.VoteCount, priority.AchievedAt, priority.CreatedAt, priority.UpdatedAt);
    }

    /// <summary>
    /// The version covers the priority's own fields, status and rank; the vote count is added because votes change the
    /// representation without touching the row's version. The same fields give the same tag.
    /// </summary>
    public static string ETagOf(Priority priority)
    {
        ArgumentNullException.ThrowIfNull(priority);
        return $"\"{priority.Id:N}-{priority.Version}-{priority.VoteCount}\"";
    }
}

/// <summary>An API key as a priority names it: its id, and its name at the time, which is what people read.</summary>
public sealed record KeyReference(Guid KeyId, string Name);
