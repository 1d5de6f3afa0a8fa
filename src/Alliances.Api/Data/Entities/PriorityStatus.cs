namespace Alliances.Api.Data.Entities;

/// <summary>
/// Where a priority is in its life. Everything starts as an <see cref="Idea"/>; the other states are reached only through
/// the explicit actions (promote, achieve, drop, reopen), never by writing the field.
/// </summary>
public enum PriorityStatus
{
    Idea,
    Active,
    Achieved,
    Dropped,
}
