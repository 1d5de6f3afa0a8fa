using Alliances.Api.Data;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary><c>GET /v1/meeting-series/{id}</c> (public), with an ETag; <c>If-None-Match</c> with the current one gets 304.</summary>
public static class GetMeetingSeries
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/meeting-series/{id:guid}", HandleAsync)
            .WithName("GetMeetingSeries")
            .WithSummary("Get a meeting series")
            .AllowAnonymous()
            .AcceptsQuery()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<MeetingSeriesView>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var series = await db.MeetingSeries.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null)
        {
            return MeetingProblems.SeriesNotFound();
        }

        var etag = MeetingSeriesView.ETagOf(series);
        http.Response.Headers.ETag = etag;
        if (EntityTags.IfNoneMatchHits(http.Request, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var count = await db.Meetings.CountAsync(m => m.SeriesId == id, cancellationToken);
        return TypedResults.Ok(MeetingSeriesView.From(series, count));
    }
}
