using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Webhooks;

/// <summary><c>GET /v1/webhooks/{id}/deliveries</c> (organizer): every attempt, newest first, with status, latency and response code.</summary>
public static class ListWebhookDeliveries
{
    public sealed record AttemptView(
        Guid Id, Guid DeliveryId, string EventType, string MessageId, DateTimeOffset AttemptedAt, int? ResponseStatus, int LatencyMs,
        string? Error, string? ResponseExcerpt, WebhookDeliveryState DeliveryState, int DeliveryAttempts);

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/webhooks/{id:guid}/deliveries", HandleAsync)
            .WithName("ListWebhookDeliveries")
            .WithSummary("The delivery log of a webhook subscription")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery("limit", "cursor");

    public static async Task<Results<Ok<Page<AttemptView>>, ProblemHttpResult>> HandleAsync(
        Guid id, PageRequest page, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        if (!await db.Set<WebhookSubscription>().AnyAsync(s => s.Id == id, cancellationToken))
        {
            return ApiProblems.NotFound("webhook");
        }

        var query = db.Set<WebhookAttempt>().Where(a => a.SubscriptionId == id);
        if (page.After is { } after)
        {
            query = query.Where(a => a.Id < after.Id);
        }

        var rows = await query.OrderByDescending(a => a.Id).Take(page.Limit + 1)
            .Join(db.Set<WebhookDelivery>(), a => a.DeliveryId, d => d.Id, (a, d) => new { a, d })
            .OrderByDescending(x => x.a.Id)
            .ToListAsync(cancellationToken);
        var views = rows.Select(x => new AttemptView(
            x.a.Id, x.d.Id, x.d.EventType, WebhookDeliveryRunnerIds.MessageId(x.d.EventId), x.a.AttemptedAt, x.a.StatusCode, x.a.LatencyMs,
            x.a.Error, x.a.ResponseExcerpt, x.d.State, x.d.Attempts)).ToList();
        return TypedResults.Ok(views.ToPage(page, http, v => new Cursor("", v.Id)));
    }
}

internal static class WebhookDeliveryRunnerIds
{
    public static string MessageId(Guid eventId) => Infrastructure.Outbox.WebhookDeliveryRunner.MessageId(eventId);
}
