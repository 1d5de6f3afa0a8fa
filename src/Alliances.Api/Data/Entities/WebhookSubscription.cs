namespace Alliances.Api.Data.Entities;

/// <summary>
/// A receiver of this alliance's events. The secret is stored as is: HMAC signing needs it (unlike API keys, which are
/// only ever compared), and it is shown to the organizer once, at creation or rotation.
/// </summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }

    public required string Url { get; set; }

    public required string[] EventTypes { get; set; }

    public required string Secret { get; set; }

    /// <summary>The secret before the last rotation; it keeps signing until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    public bool Active { get; set; }

    public WebhookState State { get; set; }

    /// <summary>Retry schedules exhausted in a row; reset by any successful delivery.</summary>
    public int Exhaustions { get; set; }

    public string? DisabledReason { get; set; }

    /// <summary>
    /// Bumped by every write that changes what <c>GET</c> shows (a patch, a rotation, the dispatcher marking it failing,
    /// disabled or healthy again); the ETag is built from it. Writers other than a patch bump it in SQL
    /// (<c>version + 1</c>), so concurrent bumps never collide.
    /// </summary>
    public long Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
