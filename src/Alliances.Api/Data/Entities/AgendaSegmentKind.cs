namespace Alliances.Api.Data.Entities;

/// <summary>The alliance recipe: a structured part that works toward the group's goals, and a social part anyone can join.</summary>
public enum AgendaSegmentKind
{
    Structured,
    Social,
}
