using Alliances.Api.Data;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Priorities;

/// <summary><c>GET /v1/priorities/{id}</c> (public), with an ETag; <c>If-None-Match</c> with the current one gets 304.</summary>
public static class GetPriority
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/priorities/{id:guid}", HandleAsync)
            .WithName("GetPriority")
            .WithSummary("Get a priority")
            .AllowAnonymous()
            .AcceptsQuery()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<PriorityView>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var priority = await db.Priorities.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (priority is null)
        {
            return PriorityProblems.NotFound();
        }

        var etag = PriorityView.ETagOf(priority);
        http.Response.Headers.ETag = etag;
        return EntityTags.IfNoneMatchHits(http.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(PriorityView.From(priority));
    }
}
