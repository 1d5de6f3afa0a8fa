namespace Alliances.Api.Data.Entities;

/// <summary>One part of a meeting's agenda, in order: a title, its kind, how long it runs and who leads it.</summary>
public sealed record AgendaSegment(string Title, AgendaSegmentKind Kind, int Minutes, string? Facilitator);
