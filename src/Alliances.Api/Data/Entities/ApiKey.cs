namespace Alliances.Api.Data.Entities;

/// <summary>An API key of one alliance. Only the SHA-256 hash of the secret is stored, never the secret itself.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public ApiKeyRole Role { get; set; }

    /// <summary>The space a space-owner key is bound to; null for other roles.</summary>
    public Guid? SpaceId { get; set; }

    /// <summary>SHA-256 of the full key text.</summary>
    public required byte[] Hash { get; set; }

    /// <summary>The first characters of the key (e.g. <c>alk_7Hq2</c>) so people can tell keys apart.</summary>
    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
