using Alliances.Api.Data.Entities;

namespace Alliances.Api.Features.ApiKeys;

/// <summary>An API key as listed: never the key text, only its display prefix.</summary>
public sealed record ApiKeyView(
    Guid Id,
    string Name,
    ApiKeyRole Role,
    Guid? SpaceId,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public static ApiKeyView From(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.Id, key.Name, key.Role, key.SpaceId, key.Prefix, key.CreatedAt, key.UpdatedAt, key.ExpiresAt, key.LastUsedAt, key.RevokedAt);
    }
}
