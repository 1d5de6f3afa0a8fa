using System.Globalization;
using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// <c>GET /v1/priorities/{id}/history</c> (public, like the priority itself): every status change, oldest first,
/// starting with the proposal. Entries are only ever added, at the end, so the (at, id) keyset never skips one.
/// </summary>
public static class ListPriorityHistory
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/priorities/{id:guid}/history", HandleAsync)
            .WithName("ListPriorityHistory")
            .WithSummary("List a priority's history of status changes")
            .AllowAnonymous()
            .AcceptsQuery("limit", "cursor")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<Page<PriorityHistoryView>>, ProblemHttpResult>> HandleAsync(
        Guid id, PageRequest page, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await db.Priorities.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return PriorityProblems.NotFound();
        }

        var entries = db.PriorityHistory.Where(e => e.PriorityId == id);
        if (page.After is { } after)
        {
            var at = long.TryParse(after.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) && micros <= DateTimeOffset.MaxValue.UtcTicks / 10
                ? new DateTimeOffset(micros * 10, TimeSpan.Zero)
                : throw new InvalidRequestException("cursor", "cursor does not belong to this list; start again without it.");
            var afterId = after.Id;
            entries = entries.Where(e => e.At > at || (e.At == at && e.Id > afterId));
        }

        var rows = await entries.OrderBy(e => e.At).ThenBy(e => e.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(PriorityHistoryView.Of).ToList()
            .ToPage(page, http, e => new Cursor((e.At.UtcTicks / 10).ToString(CultureInfo.InvariantCulture), e.Id)));
    }
}
