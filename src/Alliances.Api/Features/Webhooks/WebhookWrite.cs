using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Outbox;
using FluentValidation;

namespace Alliances.Api.Features.Webhooks;

/// <summary>
/// The writable fields of a subscription: the body of <c>POST /v1/webhooks</c>, and what a merge patch is applied to, so
/// a patch passes exactly the rules a create does. Members are nullable so that a missing or removed required field is a
/// 400 naming it. <c>secret</c>, <c>state</c>, <c>disabledReason</c>, <c>id</c> and the timestamps are not members:
/// the JSON rules reject them by name (the secret changes only through rotation).
/// </summary>
/// <param name="Url">https (http only in Development with AllowHttp), no credentials, no address the SSRF guard refuses.</param>
/// <param name="EventTypes">1 to 20 known event types; duplicates are dropped.</param>
/// <param name="Active">Absent or null means true.</param>
public sealed record WebhookWrite(string? Url, string[]? EventTypes, bool? Active)
{
    public const int MaxEventTypes = 20;

    public static WebhookWrite From(WebhookSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return new(subscription.Url, subscription.EventTypes, subscription.Active);
    }

    /// <summary>Copies a validated write onto <paramref name="subscription"/>: event types de-duplicated and sorted.</summary>
    public void ApplyTo(WebhookSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        subscription.Url = Url!;
        subscription.EventTypes = [.. EventTypes!.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        subscription.Active = Active ?? true;
    }

    public sealed class Validator : AbstractValidator<WebhookWrite>
    {
        public Validator(WebhookTargetPolicy policy)
        {
            RuleFor(r => r.Url!).MustBeWebhookUrl(policy);
            RuleFor(r => r.EventTypes).NotEmpty().Must(t => t is not null && t.Length <= MaxEventTypes)
                .WithMessage($"eventTypes takes 1 to {MaxEventTypes} event types.");
            RuleForEach(r => r.EventTypes).Must(WebhookEventTypes.All.Contains)
                .WithMessage(_ => "Unknown event type; one of: " + string.Join(", ", WebhookEventTypes.All.Order(StringComparer.Ordinal)) + ".");
        }
    }
}
