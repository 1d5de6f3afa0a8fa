namespace Alliances.Api.Data.TenantMigrations;

/// <summary>How a <see cref="TenantMigrationRunner"/> run is bounded and which alliances it covers.</summary>
public sealed record TenantMigrationOptions
{
    /// <summary>The default lock timeout: long enough to wait out another migrator, short enough not to stall an alliance's traffic.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How many alliances are migrated at once; each one holds an owner connection while it runs.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>Only these sub-domains; null or empty means every alliance that is not deleted.</summary>
    public IReadOnlyCollection<string>? Subdomains { get; init; }

    /// <summary>
    /// The longest one alliance waits for a lock: the per-alliance advisory lock held by another migrator, its catalog row,
    /// or a table the script alters. A DDL statement queued behind a long query blocks every later query on that table,
    /// so an alliance whose tables are busy fails fast and is retried by the next run instead of stalling its traffic.
    /// <see cref="TimeSpan.Zero"/> waits forever.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout;

    /// <summary>
    /// Benchmarking only; null (the default) everywhere else. SQL run in every covered alliance after its pending
    /// migrations, in the same transaction, even in alliances that are already current; the recorded version does not
    /// change. <c>deploy/bench/run.sh</c> uses it to time an empty and a one-column migration over all alliances through
    /// exactly the path a release takes (advisory lock, row lock, script, version record, commit) without adding a
    /// throw-away migration to the EF model. The CLI exposes it only as the hidden <c>migrate --bench-script</c> option.
    /// </summary>
    public string? BenchmarkScript { get; init; }
}
