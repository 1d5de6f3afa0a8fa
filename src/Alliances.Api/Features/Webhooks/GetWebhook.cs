using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Webhooks;

/// <summary><c>GET /v1/webhooks/{id}</c> (organizer), with an ETag for <c>If-Match</c> on PATCH and DELETE; <c>If-None-Match</c> with the current one gets 304.</summary>
public static class GetWebhook
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/webhooks/{id:guid}", HandleAsync)
            .WithName("GetWebhook")
            .WithSummary("Get a webhook subscription")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<WebhookView>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var subscription = await db.Set<WebhookSubscription>().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return WebhookProblems.NotFound();
        }

        var etag = WebhookView.ETagOf(subscription);
        http.Response.Headers.ETag = etag;
        return EntityTags.IfNoneMatchHits(http.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(WebhookView.From(subscription));
    }
}
