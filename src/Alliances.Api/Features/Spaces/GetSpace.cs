using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Spaces;

/// <summary><c>GET /v1/spaces/{id}</c> (public), with an ETag; <c>If-None-Match</c> with the current one gets 304.</summary>
public static class GetSpace
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/spaces/{id:guid}", HandleAsync)
            .WithName("GetSpace")
            .WithSummary("Get a space")
            .AllowAnonymous()
            .AcceptsQuery()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<SpaceView>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var space = await db.Spaces.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (space is null)
        {
            return SpaceProblems.NotFound();
        }

        var etag = SpaceView.ETagOf(space);
        http.Response.Headers.ETag = etag;
        return EntityTags.IfNoneMatchHits(http.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(SpaceView.From(space));
    }
}
