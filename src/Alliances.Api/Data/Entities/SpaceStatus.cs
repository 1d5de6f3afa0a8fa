namespace Alliances.Api.Data.Entities;

/// <summary>Where a space is in its life: still being planned, about to open, open, or closed for good.</summary>
public enum SpaceStatus
{
    Planning,
    Opening,
    Open,
    Closed,
}
