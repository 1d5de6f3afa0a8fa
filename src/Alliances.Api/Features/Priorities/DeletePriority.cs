using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Features.Spaces;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// <c>DELETE /v1/priorities/{id}</c> (organizer): only an idea that nobody has voted for can be deleted, with its
/// history; anything else is 409 <c>priority-not-deletable</c> (drop it instead, which keeps the record). The row is
/// locked first, so a vote arriving at the same moment either lands before (and the delete is refused) or finds the idea
/// gone. <c>If-Match</c> is optional; a stale one is 412.
/// </summary>
public static class DeletePriority
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapDelete("/priorities/{id:guid}", HandleAsync)
            .WithName("DeletePriority")
            .WithSummary("Delete an idea that has no votes")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var priority = await PriorityRows.LockAsync(db, id, cancellationToken);
        if (priority is null)
        {
            return PriorityProblems.NotFound();
        }

        if (EntityTags.IfMatchFails(http.Request, PriorityView.ETagOf(priority)))
        {
            return PriorityProblems.Stale();
        }

        if (priority.Status != PriorityStatus.Idea || priority.VoteCount > 0)
        {
            return PriorityProblems.NotDeletable(priority.Status, priority.VoteCount);
        }

        db.Priorities.Remove(priority);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
