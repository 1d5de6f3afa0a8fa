namespace Alliances.Api.Data.Entities;

/// <summary>
/// One change of a priority's status: who (the key's id, and its name at the time), when, from what, to what, and why.
/// The proposal itself is the first entry, with no <see cref="FromStatus"/>. Entries are only ever inserted.
/// </summary>
public sealed class PriorityHistoryEntry
{
    public Guid Id { get; set; }

    public Guid PriorityId { get; set; }

    /// <summary>Null for the entry that records the proposal.</summary>
    public PriorityStatus? FromStatus { get; set; }

    public PriorityStatus ToStatus { get; set; }

    public string? Reason { get; set; }

    public Guid ByKeyId { get; set; }

    public required string ByName { get; set; }

    public DateTimeOffset At { get; set; }
}
