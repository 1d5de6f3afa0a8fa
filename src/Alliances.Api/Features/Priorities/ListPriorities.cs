using System.Globalization;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Pagination;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// <c>GET /v1/priorities</c> (public), with the filters and sorts of <see cref="PriorityFilter"/> and keyset pagination.
/// </summary>
/// <remarks>
/// Each sort is a total order that ends in (createdAt, id), and the cursor is the last row's position in it; the next
/// page starts strictly after that position:
/// <list type="bullet">
/// <item><c>sort=rank</c>: (active first, rank, createdAt, id). Ideas proposed during a walk land at the end.</item>
/// <item><c>sort=votes</c>: (voteCount descending, createdAt, id).</item>
/// </list>
/// A cursor remembers the sort it was made for; using it with the other sort is a 400. Inserts during a walk cause no
/// duplicates and no skips. What a cursor cannot pin down is a sort key that moves: a vote cast, or a rank changed by a
/// promote or a reorder, while a client walks the list moves that priority to another position, so it may be seen twice
/// or not at all in that walk. Each page is still correct as of its own read.
/// </remarks>
public static class ListPriorities
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/priorities", HandleAsync)
            .WithName("ListPriorities")
            .WithSummary("List the alliance's priorities and ideas")
            .WithDescription("sort=rank (default): active priorities by rank, then the rest oldest first. sort=votes: most votes first, " +
                             "then oldest first. Vote counts and ranks can change while you page, which can move a priority across pages.")
            .AllowAnonymous()
            .AcceptsQuery([.. PriorityFilter.Parameters, "limit", "cursor"])
            .ProducesValidationProblem();

    public static async Task<Ok<Page<PriorityView>>> HandleAsync(
        PriorityFilter filter, PageRequest page, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var priorities = filter.Apply(db.Priorities);
        var rows = filter.Sort == PrioritySort.Votes
            ? await ByVotes(priorities, page.After).Take(page.Limit + 1).ToListAsync(cancellationToken)
            : await ByRank(priorities, page.After).Take(page.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(PriorityView.From).ToList().ToPage(page, http, p => CursorOf(filter.Sort, p)));
    }

    private static IQueryable<Priority> ByRank(IQueryable<Priority> priorities, Cursor? after)
    {
        if (after is not null)
        {
            var (group, rank, createdAt) = RankKey(after);
            var id = after.Id;
            priorities = priorities.Where(p =>
                (p.Status == PriorityStatus.Active ? 0 : 1) > group ||
                ((p.Status == PriorityStatus.Active ? 0 : 1) == group &&
                 ((p.Rank ?? 0) > rank ||
                  ((p.Rank ?? 0) == rank && (p.CreatedAt > createdAt || (p.CreatedAt == createdAt && p.Id > id))))));
        }

        return priorities
            .OrderBy(p => p.Status == PriorityStatus.Active ? 0 : 1)
            .ThenBy(p => p.Rank ?? 0)
            .ThenBy(p => p.CreatedAt)
            .ThenBy(p => p.Id);
    }

    private static IQueryable<Priority> ByVotes(IQueryable<Priority> priorities, Cursor? after)
    {
        if (after is not null)
        {
            var (votes, createdAt) = VotesKey(after);
            var id = after.Id;
            priorities = priorities.Where(p =>
                p.VoteCount < votes ||
                (p.VoteCount == votes && (p.CreatedAt > createdAt || (p.CreatedAt == createdAt && p.Id > id))));
        }

        return priorities.OrderByDescending(p => p.VoteCount).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id);
    }

    // The key part of a cursor: "rank:{0|1}:{rank}:{createdAt in µs}" or "votes:{count}:{createdAt in µs}". PostgreSQL
    // keeps microseconds, so the time round-trips exactly.
    private static Cursor CursorOf(PrioritySort sort, PriorityView priority) => sort == PrioritySort.Votes
        ? new Cursor(FormattableString.Invariant($"votes:{priority.VoteCount}:{Micros(priority.CreatedAt)}"), priority.Id)
        : new Cursor(FormattableString.Invariant(
            $"rank:{(priority.Status == PriorityStatus.Active ? 0 : 1)}:{priority.Rank ?? 0}:{Micros(priority.CreatedAt)}"), priority.Id);

    private static (int Group, int Rank, DateTimeOffset CreatedAt) RankKey(Cursor cursor) =>
        cursor.Key.Split(':') is ["rank", var group, var rank, var micros] && Int(group) is { } g and (0 or 1) && Int(rank) is { } r &&
        Time(micros) is { } t
            ? (g, r, t)
            : throw WrongCursor("rank");

    private static (int Votes, DateTimeOffset CreatedAt) VotesKey(Cursor cursor) =>
        cursor.Key.Split(':') is ["votes", var votes, var micros] && Int(votes) is { } v && Time(micros) is { } t
            ? (v, t)
            : throw WrongCursor("votes");

    private static InvalidRequestException WrongCursor(string sort) =>
        new("cursor", $"cursor does not belong to a list sorted by {sort}; keep the sort a cursor was issued for, or start again without it.");

    private static long Micros(DateTimeOffset time) => time.UtcTicks / 10;

    private static int? Int(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTimeOffset? Time(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) && micros <= DateTimeOffset.MaxValue.UtcTicks / 10
            ? new DateTimeOffset(micros * 10, TimeSpan.Zero)
            : null;
}
