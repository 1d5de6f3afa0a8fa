namespace Alliances.Api.Data.Entities;

/// <summary>One event to one subscription, retried on its schedule until it succeeds or gives up.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }

    public Guid SubscriptionId { get; set; }

    /// <summary>The message id (the outbox event's id): the same on every attempt and every redelivery.</summary>
    public Guid EventId { get; set; }

    public required string EventType { get; set; }

    /// <summary>The exact body sent, so every attempt signs and sends the same bytes.</summary>
    public required string Payload { get; set; }

    public WebhookDeliveryState State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Set when a dispatcher claims it; another may take it only after this passes (the claimant died).</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public int? LastStatusCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
