using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary><c>GET /v1/meeting-series</c> (public): series, oldest first (ids are time-ordered UUIDv7).</summary>
public static class ListMeetingSeries
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/meeting-series", HandleAsync)
            .WithName("ListMeetingSeries")
            .WithSummary("List the alliance's meeting series")
            .AllowAnonymous()
            .AcceptsQuery("limit", "cursor")
            .ProducesValidationProblem();

    public static async Task<Ok<Page<MeetingSeriesView>>> HandleAsync(
        PageRequest page, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var series = db.MeetingSeries.AsQueryable();
        if (page.After is { } after)
        {
            series = series.Where(s => s.Id > after.Id);
        }

        var rows = await series.OrderBy(s => s.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var ids = rows.Select(s => s.Id).ToList();
        var counts = await db.Meetings
            .Where(m => m.SeriesId != null && ids.Contains(m.SeriesId.Value))
            .GroupBy(m => m.SeriesId!.Value)
            .Select(g => new { SeriesId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.SeriesId, g => g.Count, cancellationToken);
        return TypedResults.Ok(rows
            .Select(s => MeetingSeriesView.From(s, counts.GetValueOrDefault(s.Id)))
            .ToList()
            .ToPage(page, http, s => new Cursor("", s.Id)));
    }
}
