using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>GET /v1/meetings/{id}/attendance</c> (organizer): who checked in, in check-in order (ids are time-ordered). Names
/// and emails, so organizers only, like the RSVP list.
/// </summary>
public static class ListAttendance
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/meetings/{id:guid}/attendance", HandleAsync)
            .WithName("ListMeetingAttendance")
            .WithSummary("List who checked in to a meeting (organizers only)")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery("limit", "cursor")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<Page<AttendeeView>>, ProblemHttpResult>> HandleAsync(
        Guid id, PageRequest page, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await db.Meetings.AnyAsync(m => m.Id == id, cancellationToken))
        {
            return MeetingProblems.NotFound();
        }

        var attendees = db.MeetingAttendees.Where(a => a.MeetingId == id);
        if (page.After is { } after)
        {
            attendees = attendees.Where(a => a.Id > after.Id);
        }

        var rows = await attendees.OrderBy(a => a.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(AttendeeView.From).ToList().ToPage(page, http, a => new Cursor("", a.Id)));
    }
}
