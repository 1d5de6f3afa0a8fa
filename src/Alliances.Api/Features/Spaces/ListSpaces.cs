using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
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
            .WithDescription("openNow=true keeps spaces that are open at this moment by their opening hours, read in each " +
                             "space's own time zone (only spaces whose status is open); openNow=false keeps the others.")
            .AllowAnonymous()
            .AcceptsQuery([.. SpaceFilter.Parameters, "limit", "cursor"])
            .ProducesValidationProblem();

    // The first page without filters is the hot path (a directory page, a map): compiled once, so EF skips building and
    // looking up the query on every request.
    private static readonly Func<AllianceDbContext, int, IAsyncEnumerable<Space>> FirstPage =
        EF.CompileAsyncQuery((AllianceDbContext db, int take) => db.Spaces.OrderBy(s => s.Name).ThenBy(s => s.Id).Take(take));

    private static bool IsUnfiltered(SpaceFilter filter) =>
        filter is { Kind: null, Status: null, Neighborhood: null, Amenities.Count: 0, Q: null, Welcomed: null, OpenNow: null };

    public static async Task<Ok<Page<SpaceView>>> HandleAsync(
        SpaceFilter filter, PageRequest page, AllianceDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        if (page.After is null && IsUnfiltered(filter))
        {
            var first = new List<Space>(page.Limit + 1);
            await foreach (var space in FirstPage(db, page.Limit + 1).WithCancellation(cancellationToken))
            {
                first.Add(space);
            }

            return TypedResults.Ok(first.Select(SpaceView.From).ToList().ToPage(page, http, s => new Cursor(s.Name, s.Id)));
        }

        // The row comparison uses the same collation as ORDER BY name, so the keyset and the sort always agree.
        var spaces = page.After is { } after
            ? db.Spaces.FromSql($"SELECT * FROM spaces WHERE (name, id) > ({after.Key}, {after.Id})")
            : db.Spaces;
        var rows = await filter.Apply(spaces, SpaceHours.OpenAt(db, clock.GetUtcNow()))
            .OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Take(page.Limit + 1)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(SpaceView.From).ToList().ToPage(page, http, s => new Cursor(s.Name, s.Id)));
    }
}
