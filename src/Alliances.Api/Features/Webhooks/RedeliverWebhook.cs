using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Webhooks;

/// <summary>
/// <c>POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver</c> (organizer): send a delivery again, as a new delivery
/// of the same message (same <c>webhook-id</c>, so receivers that de-duplicate still can).
/// </summary>
public static class RedeliverWebhook
{
    public sealed record Response(Guid DeliveryId, string MessageId);

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/webhooks/{id:guid}/deliveries/{deliveryId:guid}/redeliver", HandleAsync)
            .WithName("RedeliverWebhook")
            .WithSummary("Send a delivery again")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery();

    public static async Task<Results<Accepted<Response>, ProblemHttpResult>> HandleAsync(
        Guid id, Guid deliveryId, AllianceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var original = await db.Set<WebhookDelivery>().FirstOrDefaultAsync(d => d.Id == deliveryId && d.SubscriptionId == id, cancellationToken);
        if (original is null)
        {
            return ApiProblems.NotFound("delivery");
        }

        var subscription = await db.Set<WebhookSubscription>().Where(s => s.Id == id)
            .Select(s => new { s.Active, s.DisabledReason }).FirstOrDefaultAsync(cancellationToken);
        if (subscription is null)
        {
            return WebhookProblems.NotFound();
        }

        if (!subscription.Active)
        {
            return WebhookProblems.Inactive(id, subscription.DisabledReason);
        }

        var delivery = WebhookDeliveryRunner.NewDelivery(id, original.EventId, original.EventType, original.Payload, clock.GetUtcNow());
        db.Set<WebhookDelivery>().Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", new Response(delivery.Id, WebhookDeliveryRunner.MessageId(delivery.EventId)));
    }
}
