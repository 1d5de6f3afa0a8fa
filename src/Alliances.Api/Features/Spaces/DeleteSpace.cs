using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// <c>DELETE /v1/spaces/{id}</c> (organizer). <c>If-Match</c> is optional; a stale one is 412. Space-owner keys bound to
/// the space are revoked in the same transaction: they would otherwise outlive the space as member keys of nobody.
/// </summary>
public static class DeleteSpace
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapDelete("/spaces/{id:guid}", HandleAsync)
            .WithName("DeleteSpace")
            .WithSummary("Remove a space from the alliance")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var space = await db.Spaces.AsTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (space is null)
        {
            return SpaceProblems.NotFound();
        }

        if (EntityTags.IfMatchFails(http.Request, SpaceView.ETagOf(space)))
        {
            return SpaceProblems.Stale();
        }

        var now = clock.GetUtcNow();
        await db.ApiKeys
            .Where(k => k.SpaceId == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.UpdatedAt, now), cancellationToken);
        db.Spaces.Remove(space);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SpaceProblems.Stale();
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
