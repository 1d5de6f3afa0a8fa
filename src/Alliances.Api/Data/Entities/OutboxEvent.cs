namespace Alliances.Api.Data.Entities;

/// <summary>
/// An event, written in the same transaction as the change that caused it. The dispatcher fans it out into one
/// <see cref="WebhookDelivery"/> per matching subscription and then stamps <see cref="DispatchedAt"/>.
/// </summary>
public sealed class OutboxEvent
{
    /// <summary>UUIDv7; also the stable <c>webhook-id</c> (as <c>msg_…</c>) of every delivery of this event.</summary>
    public Guid Id { get; set; }

    public required string Type { get; set; }

    /// <summary>The <c>data</c> of the event, as JSON.</summary>
    public required string Data { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }
}
