using Alliances.Api.Data.Entities;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// One entry of a priority's history: the <c>action</c>, the move (<c>from</c> is null for the proposal), the
/// <c>reason</c> given, the key that did it (<c>by</c>) and when (<c>at</c>).
/// </summary>
public sealed record PriorityHistoryView(
    Guid Id,
    PriorityAction Action,
    PriorityStatus? From,
    PriorityStatus To,
    string? Reason,
    KeyReference By,
    DateTimeOffset At)
{
    public static PriorityHistoryView Of(PriorityHistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new PriorityHistoryView(
            entry.Id, PriorityHistory.ActionOf(entry.FromStatus, entry.ToStatus), entry.FromStatus, entry.ToStatus, entry.Reason,
            new KeyReference(entry.ByKeyId, entry.ByName), entry.At);
    }
}
