using Alliances.Api.Data.Entities;

namespace Alliances.Api.Features.Priorities;

/// <summary>Builds history entries, and names the action each (from, to) pair stands for.</summary>
public static class PriorityHistory
{
    public static PriorityHistoryEntry Entry(
        Guid priorityId, PriorityStatus? from, PriorityStatus to, string? reason, KeyReference by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(by);
        return new PriorityHistoryEntry
        {
            Id = Guid.CreateVersion7(),
            PriorityId = priorityId,
            FromStatus = from,
            ToStatus = to,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            ByKeyId = by.KeyId,
            ByName = by.Name,
            At = at,
        };
    }

    /// <summary>The action that moves a priority from one status to another; every allowed pair has exactly one.</summary>
    public static PriorityAction ActionOf(PriorityStatus? from, PriorityStatus to) => (from, to) switch
    {
        (null, PriorityStatus.Idea) => PriorityAction.Propose,
        (PriorityStatus.Idea, PriorityStatus.Active) => PriorityAction.Promote,
        (PriorityStatus.Active, PriorityStatus.Achieved) => PriorityAction.Achieve,
        (PriorityStatus.Idea or PriorityStatus.Active, PriorityStatus.Dropped) => PriorityAction.Drop,
        (PriorityStatus.Dropped, PriorityStatus.Idea) => PriorityAction.Reopen,
        _ => throw new ArgumentOutOfRangeException(nameof(to), $"No action moves a priority from {from} to {to}."),
    };
}

/// <summary>What happened to a priority, as its history shows it.</summary>
public enum PriorityAction
{
    Propose,
    Promote,
    Achieve,
    Drop,
    Reopen,
}
