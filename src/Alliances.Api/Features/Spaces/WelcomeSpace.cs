using System.Security.Claims;
using Alliances.Api.Data;
using Alliances.Api.Infrastructure;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Spaces;

/// <summary>
/// <c>POST /v1/spaces/{id}/welcome</c> (organizer): record that the alliance has welcomed the space. <c>welcomedBy</c> is
/// the name of the organizer key that recorded it, as it was then: people read it, and key names say whose key it is
/// ("Maria's laptop"); the key id would say nothing to them. A space is welcomed once; a second time is 409
/// <c>already-welcomed</c>. The update is conditional in SQL, so two organizers clicking at once cannot both win.
/// The update runs outside the change tracker, so it, the read-back and the <c>space.welcomed</c> event share one
/// explicit transaction: the event commits with the welcome or not at all.
/// </summary>
public static class WelcomeSpace
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/spaces/{id:guid}/welcome", HandleAsync)
            .WithName("WelcomeSpace")
            .WithSummary("Record the alliance's welcome of a space")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<SpaceView>, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal user, AllianceDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var keyId = user.KeyIdOf();
        var welcomedBy = await db.ApiKeys.Where(k => k.Id == keyId).Select(k => k.Name).FirstOrDefaultAsync(cancellationToken)
            ?? keyId?.ToString() ?? "organizer";
        var now = clock.GetDatabaseNow();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var welcomed = await db.Spaces
            .Where(s => s.Id == id && s.WelcomedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.WelcomedAt, now)
                .SetProperty(x => x.WelcomedBy, welcomedBy)
                .SetProperty(x => x.UpdatedAt, now)
                .SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        var space = await db.Spaces.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (space is null)
        {
            return SpaceProblems.NotFound();
        }

        if (welcomed == 0)
        {
            return SpaceProblems.AlreadyWelcomed(space.WelcomedAt!.Value, space.WelcomedBy);
        }

        db.AddEvent(WebhookEventTypes.SpaceWelcomed, SpaceView.From(space), http);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = SpaceView.ETagOf(space);
        return TypedResults.Ok(SpaceView.From(space));
    }
}
