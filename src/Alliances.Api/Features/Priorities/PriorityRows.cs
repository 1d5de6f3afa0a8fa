using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// Row-level access that several use cases share. The priority row lock orders a vote against a promote, a drop or a
/// delete of the same priority: whichever locks first finishes first, and the other sees its result.
/// </summary>
public static class PriorityRows
{
    /// <summary>Locks one priority for the rest of the current transaction and returns it, tracked; null when there is none.</summary>
    public static Task<Priority?> LockAsync(AllianceDbContext db, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Priorities.FromSql($"SELECT * FROM priorities WHERE id = {id} FOR UPDATE").AsTracking().SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Moves active priorities at <paramref name="fromRank"/> and below by <paramref name="by"/> (+1 to make room, −1 to
    /// close a gap) in one statement; the deferrable unique constraint on rank is checked when the statement ends.
    /// </summary>
    public static Task<int> ShiftRanksAsync(AllianceDbContext db, int fromRank, int by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Priorities
            .Where(p => p.Status == PriorityStatus.Active && p.Rank >= fromRank)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Rank, p => p.Rank + by)
                .SetProperty(p => p.UpdatedAt, now)
                .SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);
    }
}
