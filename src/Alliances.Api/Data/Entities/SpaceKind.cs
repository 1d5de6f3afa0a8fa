namespace Alliances.Api.Data.Entities;

/// <summary>What kind of place a space is. Stored and serialised as snake_case text (<c>artist_studio</c>).</summary>
public enum SpaceKind
{
    Coworking,
    Makerspace,
    Hackerspace,
    ArtistStudio,
    Incubator,
    Other,
}
