using Alliances.Api.Data;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary><c>GET /v1/meetings/{id}</c> (public), with an ETag; <c>If-None-Match</c> with the current one gets 304.</summary>
public static class GetMeeting
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/meetings/{id:guid}", HandleAsync)
            .WithName("GetMeeting")
            .WithSummary("Get a meeting")
            .AllowAnonymous()
            .AcceptsQuery()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<MeetingView>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null)
        {
            return MeetingProblems.NotFound();
        }

        var etag = MeetingView.ETagOf(meeting);
        http.Response.Headers.ETag = etag;
        return EntityTags.IfNoneMatchHits(http.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(MeetingView.From(meeting));
    }
}
