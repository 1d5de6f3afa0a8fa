using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;

namespace Alliances.Api.Features.Webhooks;

/// <summary>A subscription as listed: never its secret.</summary>
public sealed record WebhookView(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, bool Active, WebhookState State, string? DisabledReason,
    DateTimeOffset? PreviousSecretExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WebhookView From(WebhookSubscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Url, s.EventTypes, s.Active, s.State, s.DisabledReason, s.PreviousSecretExpiresAt, s.CreatedAt, s.UpdatedAt);
    }

    /// <summary>The ETag of a subscription: its id and <see cref="WebhookSubscription.Version"/>, which every visible change bumps.</summary>
    public static string ETagOf(WebhookSubscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return EntityTags.For(s.Id, s.Version);
    }
}

/// <summary>A subscription with its secret: the only response that ever carries it (creation and rotation).</summary>
public sealed record WebhookWithSecret(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, bool Active, WebhookState State, string? DisabledReason,
    DateTimeOffset? PreviousSecretExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Secret)
{
    public static WebhookWithSecret From(WebhookSubscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Url, s.EventTypes, s.Active, s.State, s.DisabledReason, s.PreviousSecretExpiresAt, s.CreatedAt, s.UpdatedAt, s.Secret);
    }
}
