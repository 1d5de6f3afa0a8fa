using Alliances.Api.Data;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>GET /v1/meetings/{id}/rsvp-counts</c> (public): how many said yes (seated), no and maybe, how many are
/// waitlisted, and the seats left. Counts only: names and emails are for organizers (<c>/v1/meetings/{id}/rsvps</c>).
/// </summary>
public static class GetRsvpCounts
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/meetings/{id:guid}/rsvp-counts", HandleAsync)
            .WithName("GetMeetingRsvpCounts")
            .WithSummary("Count a meeting's RSVPs")
            .AllowAnonymous()
            .AcceptsQuery()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<RsvpCounts>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null)
        {
            return MeetingProblems.NotFound();
        }

        var counts = await RsvpCounts.ForAsync(db, meeting, cancellationToken);
        http.Response.Headers.ETag = counts.ETag;
        return EntityTags.IfNoneMatchHits(http.Request, counts.ETag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(counts);
    }
}
