namespace Alliances.Api.Data.Entities;

/// <summary>One HTTP attempt of a delivery: what the delivery log shows. Only a short excerpt of the response is kept.</summary>
public sealed class WebhookAttempt
{
    public Guid Id { get; set; }

    public Guid DeliveryId { get; set; }

    public Guid SubscriptionId { get; set; }

    public DateTimeOffset AttemptedAt { get; set; }

    public int? StatusCode { get; set; }

    public int LatencyMs { get; set; }

    public string? Error { get; set; }

    public string? ResponseExcerpt { get; set; }
}
