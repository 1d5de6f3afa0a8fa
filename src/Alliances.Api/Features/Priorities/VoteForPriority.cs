using System.Security.Claims;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// <c>POST /v1/priorities/{id}/vote</c> (organizers and space owners): the calling key votes for an idea. One vote per
/// key per idea: voting again changes nothing and answers the same (200), so a client can retry safely. Anything but an
/// idea is 409 <c>priority-not-an-idea</c>. Answers with the priority and its new <c>voteCount</c>.
/// </summary>
/// <remarks>
/// The priority row is locked first, which orders the vote against a promote, drop or delete of the same idea. The
/// vote itself is <c>INSERT … ON CONFLICT DO NOTHING</c> on the primary key (priority_id, key_id): of two concurrent
/// votes of one key exactly one inserts, and only an insert adds to the count, in the same transaction.
/// </remarks>
public static class VoteForPriority
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/priorities/{id:guid}/vote", HandleAsync)
            .WithName("VoteForPriority")
            .WithSummary("Vote for an idea")
            .RequireAuthorization(Policies.Member)
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<PriorityView>, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal user, AllianceDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var keyId = CallingKey.IdOf(user);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var priority = await PriorityRows.LockAsync(db, id, cancellationToken);
        if (priority is null)
        {
            return PriorityProblems.NotFound();
        }

        if (priority.Status != PriorityStatus.Idea)
        {
            return PriorityProblems.NotAnIdea(priority.Status);
        }

        var now = PriorityTransitions.Now(clock);
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO priority_votes (priority_id, key_id, created_at) VALUES ({id}, {keyId}, {now}) ON CONFLICT DO NOTHING",
            cancellationToken);
        if (inserted == 1)
        {
            // The row is locked and tracked; the count moves with the vote, in this transaction.
            priority.VoteCount++;
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = PriorityView.ETagOf(priority);
        return TypedResults.Ok(PriorityView.From(priority));
    }
}
