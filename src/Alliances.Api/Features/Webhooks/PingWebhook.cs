using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Webhooks;

/// <summary><c>POST /v1/webhooks/{id}/ping</c> (organizer): queue a <c>webhook.ping</c> to this subscription only.</summary>
public static class PingWebhook
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/webhooks/{id:guid}/ping", HandleAsync)
            .WithName("PingWebhook")
            .WithSummary("Send a test event")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery();

    public static async Task<Results<Accepted<RedeliverWebhook.Response>, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var subscription = await db.Set<WebhookSubscription>().Where(s => s.Id == id)
            .Select(s => new { s.Active, s.DisabledReason }).FirstOrDefaultAsync(cancellationToken);
        if (subscription is null)
        {
            return ApiProblems.NotFound("webhook");
        }

        if (!subscription.Active)
        {
            return WebhookProblems.Inactive(id, subscription.DisabledReason);
        }

        var now = clock.GetUtcNow();
        var eventId = Guid.CreateVersion7();
        var payload = WebhookDeliveryRunner.Envelope(WebhookEventTypes.Ping, now, $"{{\"webhookId\":\"{id}\"}}");
        var delivery = WebhookDeliveryRunner.NewDelivery(id, eventId, WebhookEventTypes.Ping, payload, now);
        db.Set<WebhookDelivery>().Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", new RedeliverWebhook.Response(delivery.Id, WebhookDeliveryRunner.MessageId(eventId)));
    }
}
