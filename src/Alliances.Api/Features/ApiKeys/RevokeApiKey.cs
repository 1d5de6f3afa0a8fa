using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.ApiKeys;

/// <summary>
/// <c>DELETE /v1/api-keys/{id}</c> (organizer): revoke a key. The last active organizer key cannot be revoked, or the
/// alliance would lock itself out. Active organizer keys are locked first, so two concurrent revocations cannot both
/// pass the check and leave none.
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
        var activeOrganizerKeys = await db.ApiKeys
            .FromSql($"SELECT * FROM api_keys WHERE role = 'organizer' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > {now}) FOR UPDATE")
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

        if (key.Role == ApiKeyRole.Organizer && activeOrganizerKeys.Count == 1 && activeOrganizerKeys[0] == id)
        {
            return ApiProblems.Problem(409, ProblemTypes.LastOrganizerKey, "Last organizer key",
                "This is the alliance's last active organizer key; create another organizer key before revoking it.");
        }

        key.RevokedAt = now;
        key.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
