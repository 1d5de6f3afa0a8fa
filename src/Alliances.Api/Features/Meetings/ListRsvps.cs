using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>GET /v1/meetings/{id}/rsvps</c> (organizer): who answered, with names and emails, oldest answer first (ids are
/// time-ordered UUIDv7). Everyone else sees counts only, at <c>/v1/meetings/{id}/rsvp-counts</c>: names and emails of
/// the people coming are personal data, and integrations and space owners have no need for them.
/// </summary>
public static class ListRsvps
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/meetings/{id:guid}/rsvps", HandleAsync)
            .WithName("ListMeetingRsvps")
            .WithSummary("List a meeting's RSVPs with names and emails (organizers only)")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery("limit", "cursor")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<Page<RsvpView>>, ProblemHttpResult>> HandleAsync(
        Guid id, PageRequest page, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await db.Meetings.AnyAsync(m => m.Id == id, cancellationToken))
        {
            return MeetingProblems.NotFound();
        }

        var rsvps = db.MeetingRsvps.Where(r => r.MeetingId == id);
        if (page.After is { } after)
        {
            rsvps = rsvps.Where(r => r.Id > after.Id);
        }

        var rows = await rsvps.OrderBy(r => r.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var positions = await Waitlist.PositionsAsync(db, id, cancellationToken);
        return TypedResults.Ok(rows.Select(r => RsvpView.From(r, positions)).ToList().ToPage(page, http, r => new Cursor("", r.Id)));
    }
}
