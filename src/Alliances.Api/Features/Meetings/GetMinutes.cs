using Alliances.Api.Data;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>GET /v1/meetings/{id}/minutes</c> (public): the minutes and decisions, with an ETag. A meeting without minutes
/// yet answers 200 with <c>markdown: null</c>, <c>recordedAt: null</c> and no decisions, not 404: the meeting exists,
/// its record is just empty so far (404 means the meeting does not).
/// </summary>
public static class GetMinutes
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/meetings/{id:guid}/minutes", HandleAsync)
            .WithName("GetMeetingMinutes")
            .WithSummary("Get a meeting's minutes and decisions")
            .AllowAnonymous()
            .AcceptsQuery()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<MinutesView>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!await db.Meetings.AnyAsync(m => m.Id == id, cancellationToken))
        {
            return MeetingProblems.NotFound();
        }

        var minutes = await db.MeetingMinutes.FirstOrDefaultAsync(m => m.MeetingId == id, cancellationToken);
        var etag = MinutesView.ETagOf(id, minutes);
        http.Response.Headers.ETag = etag;
        return EntityTags.IfNoneMatchHits(http.Request, etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(MinutesView.From(id, minutes));
    }
}
