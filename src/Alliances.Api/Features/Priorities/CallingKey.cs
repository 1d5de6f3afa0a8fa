using System.Security.Claims;
using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// The API key behind a request, as priorities record it (proposer, voter, history): its id and its current name. Only
/// routes that require a key call this, so a missing key claim is a bug, not a client error.
/// </summary>
public static class CallingKey
{
    public static Guid IdOf(ClaimsPrincipal user) =>
        user.KeyIdOf() ?? throw new InvalidOperationException("This route requires an API key, but the caller has no key id.");

    public static async Task<KeyReference> ResolveAsync(ClaimsPrincipal user, AllianceDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var id = IdOf(user);
        var name = await db.ApiKeys.Where(k => k.Id == id).Select(k => k.Name).SingleAsync(cancellationToken);
        return new KeyReference(id, name);
    }
}
