using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Webhooks;

/// <summary><c>GET /v1/webhooks/{id}</c> (organizer).</summary>
public static class GetWebhook
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/webhooks/{id:guid}", HandleAsync)
            .WithName("GetWebhook")
            .WithSummary("Get a webhook subscription")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery();

    public static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> HandleAsync(Guid id, AllianceDbContext db, CancellationToken cancellationToken)
    {
        var subscription = await db.Set<WebhookSubscription>().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return subscription is null ? ApiProblems.NotFound("webhook") : TypedResults.Ok(WebhookView.From(subscription));
    }
}
