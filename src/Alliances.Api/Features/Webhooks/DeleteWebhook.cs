using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Webhooks;

/// <summary>
/// <c>DELETE /v1/webhooks/{id}</c> (organizer): the subscription, its deliveries and their log. <c>If-Match</c> is
/// optional; a stale one is 412 and deletes nothing.
/// </summary>
public static class DeleteWebhook
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapDelete("/webhooks/{id:guid}", HandleAsync)
            .WithName("DeleteWebhook")
            .WithSummary("Delete a webhook subscription")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(Guid id, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var rows = db.Set<WebhookSubscription>().Where(s => s.Id == id);
        if (http.Request.Headers.IfMatch.Count > 0)
        {
            var version = await rows.Select(s => (long?)s.Version).FirstOrDefaultAsync(cancellationToken);
            if (version is null)
            {
                return WebhookProblems.NotFound();
            }

            if (EntityTags.IfMatchFails(http.Request, EntityTags.For(id, version.Value)))
            {
                return WebhookProblems.Stale();
            }

            // Deleted only at the version the client saw: a change in between makes this delete nothing, which is a 412.
            rows = rows.Where(s => s.Version == version.Value);
            return await rows.ExecuteDeleteAsync(cancellationToken) == 0 ? WebhookProblems.Stale() : TypedResults.NoContent();
        }

        return await rows.ExecuteDeleteAsync(cancellationToken) == 0 ? WebhookProblems.NotFound() : TypedResults.NoContent();
    }
}
