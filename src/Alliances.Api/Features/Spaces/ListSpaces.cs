using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// <c>GET /v1/spaces</c> (public): spaces by name, then id, with the filters of <see cref="SpaceFilter"/>. The cursor is
/// the last (name, id) seen and the next page starts strictly after it, so spaces added or renamed mid-walk cause
/// neither duplicates nor skips of the spaces that were there all along.
/// </summary>
public static class ListSpaces
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/spaces", HandleAsync)
            .WithName("ListSpaces")
            .WithSummary("List the alliance's spaces")
            .AllowAnonymous()
            .AcceptsQuery([.. SpaceFilter.Parameters, "limit", "cursor"])
            .ProducesValidationProblem();

    public static async Task<Ok<Page<SpaceView>>> HandleAsync(
        SpaceFilter filter, PageRequest page, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        // The row comparison uses the same collation as ORDER BY name, so the keyset and the sort always agree.
        var spaces = page.After is { } after
            ? db.Spaces.FromSql($"SELECT * FROM spaces WHERE (name, id) > ({after.Key}, {after.Id})")
            : db.Spaces;
        var rows = await filter.Apply(spaces)
            .OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Take(page.Limit + 1)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(SpaceView.From).ToList().ToPage(page, http, s => new Cursor(s.Name, s.Id)));
    }
}
