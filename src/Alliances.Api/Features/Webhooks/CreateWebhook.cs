using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Alliances.Api.Features.Webhooks;

/// <summary><c>POST /v1/webhooks</c> (organizer): subscribe a URL to event types. The secret is in this response only.</summary>
public static class CreateWebhook
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/webhooks", HandleAsync)
            .WithName("CreateWebhook")
            .WithSummary("Subscribe to events (the signing secret is shown once)")
            .RequireAuthorization(Policies.Organizer)
            .Validates<WebhookWrite>()
            .AcceptsQuery();

    public static async Task<Created<WebhookWithSecret>> HandleAsync(
        WebhookWrite request, AllianceDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var now = clock.GetDatabaseNow();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(),
            Url = "", // url, eventTypes and active are set by ApplyTo, which normalises a create and a patch alike
            EventTypes = [],
            Secret = WebhookSignature.NewSecret(),
            State = WebhookState.Healthy,
            CreatedAt = now,
            UpdatedAt = now,
        };
        request.ApplyTo(subscription);
        db.Set<WebhookSubscription>().Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        http.Response.Headers.ETag = WebhookView.ETagOf(subscription);
        return TypedResults.Created($"/v1/webhooks/{subscription.Id}", WebhookWithSecret.From(subscription));
    }
}
