using System.Globalization;
using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// <c>GET /v1/meetings</c> (public): meetings by start time, then id, with the filters of <see cref="MeetingFilter"/>.
/// Every status is listed unless <c>status</c> says otherwise. The cursor is the last (startsAt, id) seen and the next
/// page starts strictly after it, so meetings added mid-walk cause neither duplicates nor skips.
/// </summary>
public static class ListMeetings
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/meetings", HandleAsync)
            .WithName("ListMeetings")
            .WithSummary("List the alliance's meetings")
            .WithDescription("Sorted by startsAt, then id. from and to are instants with Z or an offset and select meetings that " +
                             "start in [from, to); status is scheduled, cancelled or held.")
            .AllowAnonymous()
            .AcceptsQuery([.. MeetingFilter.Parameters, "limit", "cursor"])
            .ProducesValidationProblem();

    public static async Task<Ok<Page<MeetingView>>> HandleAsync(
        MeetingFilter filter, PageRequest page, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var meetings = filter.Apply(db.Meetings);
        if (page.After is { } after)
        {
            var startsAt = CursorInstant(after);
            meetings = meetings.Where(m => m.StartsAt > startsAt || (m.StartsAt == startsAt && m.Id > after.Id));
        }

        var rows = await meetings.OrderBy(m => m.StartsAt).ThenBy(m => m.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(MeetingView.From).ToList().ToPage(page, http, m => new Cursor(CursorKey(m.StartsAt), m.Id)));
    }

    public static string CursorKey(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset CursorInstant(Cursor cursor) =>
        DateTime.TryParseExact(cursor.Key, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant) &&
        instant.Kind == DateTimeKind.Utc
            ? new DateTimeOffset(instant)
            : throw new InvalidRequestException("cursor", "cursor is not one this API issued; start again without it.");
}
