namespace Alliances.Api.Data.Entities;

/// <summary>
/// One <c>Idempotency-Key</c> of one caller (a key id, or <see cref="Guid.Empty"/> for anonymous callers) in this
/// alliance: the hash of the first request, and once it finished, its status and body so a retry gets them back.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid KeyId { get; set; }

    public required string IdempotencyKey { get; set; }

    /// <summary>SHA-256 of method, path, query, content type and body of the first request.</summary>
    public required byte[] RequestHash { get; set; }

    public IdempotencyState State { get; set; }

    public int? StatusCode { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public byte[]? ResponseBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
