using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Webhooks;

/// <summary>Row-level access that several webhook use cases share.</summary>
public static class WebhookRows
{
    /// <summary>
    /// Locks one subscription for the rest of the current transaction and returns it, tracked; null when there is none.
    /// A patch or a rotation holds the lock from its If-Match check to its write, so the dispatcher's own writes (marking
    /// the subscription failing, disabled or healthy) wait for it instead of being overwritten or slipping in between.
    /// </summary>
    public static Task<WebhookSubscription?> LockAsync(AllianceDbContext db, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<WebhookSubscription>().FromSql($"SELECT * FROM webhook_subscriptions WHERE id = {id} FOR UPDATE")
            .AsTracking().SingleOrDefaultAsync(cancellationToken);
    }
}
