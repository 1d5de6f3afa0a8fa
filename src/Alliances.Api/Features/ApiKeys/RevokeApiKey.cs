using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.ApiKeys;

/// <summary>
/// <c>DELETE /v1/api-keys/{id}</c> (organizer): revoke a key. The last unrevoked organizer key <em>without an expiry</em>
/// cannot be revoked: a key that expires will stop working by itself, so counting it would let an alliance lock itself
/// out for good (revoke the permanent key while an expiring one is left, then wait). A key with an expiry can always be
/// revoked, so a leaked one never has to wait. Those keys are locked first, so two concurrent revocations cannot both
/// pass the check and leave none. If an alliance loses every organizer key anyway, the platform operator can issue a
/// fresh one (<c>POST /v1/alliances/{subdomain}/organizer-keys</c>).
/// </summary>
public static class RevokeApiKey
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapDelete("/api-keys/{id:guid}", HandleAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .RequireAuthorization(Policies.Organizer)
            .AcceptsQuery();

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, AllianceDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var permanentOrganizerKeys = await db.ApiKeys
            .FromSql($"SELECT * FROM api_keys WHERE role = 'organizer' AND revoked_at IS NULL AND expires_at IS NULL FOR UPDATE")
            .Select(k => k.Id)
            .ToListAsync(cancellationToken);
        var key = await db.ApiKeys.AsTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return ApiProblems.NotFound("API key");
        }

        if (key.RevokedAt is not null)
        {
            return TypedResults.NoContent();
        }

        if (key.Role == ApiKeyRole.Organizer && key.ExpiresAt is null && permanentOrganizerKeys.All(k => k == id))
        {
            return ApiProblems.Problem(409, ProblemTypes.LastOrganizerKey, "Last organizer key",
                "This is the alliance's last organizer key without an expiry; create another organizer key without expiresAt " +
                "before revoking it (keys that expire do not count, as they would leave the alliance locked out).");
        }

        key.RevokedAt = now;
        key.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
