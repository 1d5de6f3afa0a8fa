namespace Alliances.Api.Data.Entities;

/// <summary>A decision recorded in minutes, optionally about some of the alliance's priorities (by id).</summary>
public sealed record MeetingDecision(string Text, IReadOnlyList<Guid> PriorityIds);
