using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Webhooks;

/// <summary><c>DELETE /v1/webhooks/{id}</c> (organizer): the subscription, its deliveries and their log.</summary>
public static class DeleteWebhook
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapDelete("/webhooks/{id:guid}", HandleAsync)
            .WithName("DeleteWebhook")
            .WithSummary("Delete a webhook subscription")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery();

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(Guid id, AllianceDbContext db, CancellationToken cancellationToken) =>
        await db.Set<WebhookSubscription>().Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) == 0
            ? ApiProblems.NotFound("webhook")
            : TypedResults.NoContent();
}
