using System.Security.Claims;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// <c>DELETE /v1/priorities/{id}/vote</c> (organizers and space owners): the calling key withdraws its vote. Withdrawing
/// a vote that is not there changes nothing and answers the same (200). Votes belong to the idea stage: once a priority
/// has been promoted or dropped its count is the record of the support it had, so withdrawing is 409
/// <c>priority-not-an-idea</c> too. Answers with the priority and its new <c>voteCount</c>.
/// </summary>
public static class WithdrawVote
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapDelete("/priorities/{id:guid}/vote", HandleAsync)
            .WithName("WithdrawVote")
            .WithSummary("Withdraw your vote for an idea")
            .RequireAuthorization(Policies.Member)
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<PriorityView>, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal user, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
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

        var deleted = await db.PriorityVotes.Where(v => v.PriorityId == id && v.KeyId == keyId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 1)
        {
            priority.VoteCount--;
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = PriorityView.ETagOf(priority);
        return TypedResults.Ok(PriorityView.From(priority));
    }
}
