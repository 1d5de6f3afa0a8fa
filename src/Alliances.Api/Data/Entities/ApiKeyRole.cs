namespace Alliances.Api.Data.Entities;

/// <summary>What a key may do inside its alliance. Stored and serialised as snake_case text.</summary>
public enum ApiKeyRole
{
    Organizer,
    SpaceOwner,
    Integration,
}
