using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Alliances.Api.Features.Priorities;

/// <summary>
/// The hard limit on active priorities, and the one lock that keeps it. Everything that changes which priorities are
/// active, or their ranks, or the limit itself, first locks the alliance's single <c>alliance_settings</c> row and only
/// then counts: promote, achieve, drop, reopen, reorder, and <c>PATCH /v1/alliance</c>. The lock is held to the end of
/// the transaction, so those requests run one after another per alliance, and each sees what the one before committed.
/// Counting first and locking later (or locking the priority rows, which a promote does not touch until it has counted)
/// would let two promotes both see a free slot. Other alliances are not affected: each has its own row.
/// </summary>
public static class PriorityLimit
{
    /// <summary>The statement that takes the lock; tests look for it before the count in the SQL a promote runs.</summary>
    public const string LockSettingsSql = "SELECT * FROM alliance_settings FOR UPDATE";

    /// <summary>Locks the settings row for the rest of the current transaction and returns it, tracked.</summary>
    public static Task<AllianceSettings> LockSettingsAsync(AllianceDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The settings row is locked only inside a transaction; a lock outside one ends at once.");
        }

        return db.AllianceSettings.FromSqlRaw(LockSettingsSql).AsTracking().SingleAsync(cancellationToken);
    }

    /// <summary>The active priorities by rank. Call it after <see cref="LockSettingsAsync"/>, in the same transaction.</summary>
    public static Task<List<ActivePriority>> ActiveAsync(AllianceDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Priorities
            .Where(p => p.Status == PriorityStatus.Active)
            .OrderBy(p => p.Rank)
            .Select(p => new ActivePriority(p.Id, p.Title, p.Rank!.Value))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The rule for <c>PATCH /v1/alliance</c>: a limit below the number of active priorities is refused. The caller holds
    /// the settings-row lock, so no promote can slip in between this count and its commit. Null when the change is allowed.
    /// </summary>
    public static async Task<ProblemHttpResult?> RefuseLoweringBelowActiveAsync(
        AllianceDbContext db, AllianceSettings lockedSettings, int requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lockedSettings);
        if (requested >= lockedSettings.MaxActivePriorities)
        {
            return null;
        }

        var active = await ActiveAsync(db, cancellationToken);
        return active.Count > requested ? PriorityProblems.LimitBelowActive(requested, active) : null;
    }
}
