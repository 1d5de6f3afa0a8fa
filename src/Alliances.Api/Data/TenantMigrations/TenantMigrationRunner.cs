using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Alliances.Tenancy.Database;
using Alliances.Tenancy.Naming;
using Npgsql;

namespace Alliances.Api.Data.TenantMigrations;

/// <summary>
/// Brings every alliance's schema up to <see cref="TenantSchemaScripts.LatestVersion"/> (DESIGN §4): in parallel with a
/// bounded degree, one owner-role transaction per alliance, guarded by a per-alliance advisory lock. It replays the
/// rendered script instead of running the EF migrator per schema, so an alliance costs a few round trips.
/// </summary>
/// <remarks>
/// <para>
/// <b>Resumable.</b> Each alliance commits on its own, and its script and the new <c>schema_version</c> commit together.
/// A run that is killed leaves every alliance either untouched (its transaction rolls back when the connection drops)
/// or fully migrated and recorded. The next run reads the recorded versions and carries on with the rest.
/// </para>
/// <para>
/// <b>One failure never stops the others.</b> A failing alliance rolls back, keeps its old version and is reported as
/// <see cref="TenantMigrationOutcome.Failed"/>. Only cancellation ends a run early.
/// </para>
/// <para>
/// Connections come from the owner pool. <c>DatabaseSetup.BuildDataSource</c> caps their lifetime, so a run over
/// thousands of schemas does not grow one backend's catalog cache without bound (DESIGN §3.7).
/// </para>
/// </remarks>
public sealed class TenantMigrationRunner(OwnerDataSource owner, TenantSchemaScripts scripts)
{
    /// <summary>
    /// The first key of the two-key advisory lock, read as ASCII "almg". PostgreSQL keeps the (int, int) key space apart
    /// from the bigint one that <c>PlatformSchemaMigrator</c> uses. This constant also keeps us apart from any other
    /// user of the two-key form.
    /// </summary>
    public const int AdvisoryLockNamespace = 0x616c6d67;

    private const string CatalogSql =
        "SELECT id, subdomain, state, schema_name, schema_version FROM platform.alliances WHERE state <> 'deleted' ORDER BY subdomain";

    private const string FilteredCatalogSql =
        "SELECT id, subdomain, state, schema_name, schema_version FROM platform.alliances " +
        "WHERE state <> 'deleted' AND subdomain = ANY($1) ORDER BY subdomain";

    // The lock timeout is set first. It then bounds the advisory lock, the row lock and every lock the script takes.
    private const string SetLockTimeoutSql = "SELECT set_config('lock_timeout', $1, true)";

    // We wait for the lock, not pg_try_advisory_xact_lock. The holder can only be another migrator working on this
    // alliance, which takes milliseconds, or a crashed one, whose lock goes when its connection does. After the wait we
    // re-read the version and report AlreadyCurrent, or, if the other run failed, migrate it ourselves. So every run
    // ends with a definite outcome for each alliance it covered: exit code 0 means they are all current. Skipping
    // would let a second run exit 0 while the first one fails that alliance. A stuck holder costs us one worker for at
    // most LockTimeout, and then the alliance is reported Failed.
    private const string AdvisoryLockSql = "SELECT pg_advisory_xact_lock($1, $2)";

    // We re-read under the lock because another migrator may have committed since we listed the catalog. FOR UPDATE
    // also serialises us with operator actions (suspend, delete) on this row. A delete that commits first makes the row
    // 'deleted', and READ COMMITTED re-checks the WHERE clause then, so we see no row.
    private const string LockRowSql =
        "SELECT schema_name, schema_version FROM platform.alliances WHERE id = $1 AND state <> 'deleted' FOR UPDATE";

    private const string RecordVersionSql = "UPDATE platform.alliances SET schema_version = $1, updated_at = now() WHERE id = $2";

    /// <summary>The version a migrated alliance records; the id of the newest EF migration.</summary>
    public string LatestVersion => scripts.LatestVersion;

    /// <summary>Every alliance that is not deleted, by sub-domain, with its recorded schema version.</summary>
    public async Task<IReadOnlyList<TenantSchemaStatus>> ListAlliancesAsync(CancellationToken cancellationToken)
    {
        var catalog = await ReadCatalogAsync(null, cancellationToken);
        return [.. catalog.Select(row => new TenantSchemaStatus(row.Id, row.Subdomain, row.State, row.SchemaVersion, IsCurrent(row.SchemaVersion)))];
    }

    /// <summary>
    /// Migrates every alliance that is not deleted (or those in <see cref="TenantMigrationOptions.Subdomains"/>) whose
    /// recorded version is not the latest. Alliances that are already current cost no connection.
    /// </summary>
    /// <exception cref="OperationCanceledException">The run was cancelled. Alliances that finished stay committed.</exception>
    public async Task<TenantMigrationSummary> MigrateAllAsync(
        TenantMigrationOptions options, IProgress<TenantMigrationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LockTimeout, TimeSpan.Zero);
        var started = Stopwatch.GetTimestamp();
        var requested = options.Subdomains is { Count: > 0 } ? options.Subdomains.ToHashSet(StringComparer.Ordinal) : null;
        var catalog = await ReadCatalogAsync(requested, cancellationToken);
        var notFound = requested?.Except(catalog.Select(row => row.Subdomain), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? [];

        var total = catalog.Count + notFound.Count;
        var results = new List<TenantMigrationResult>(total);
        var gate = new Lock();
        int migrated = 0, current = 0, failed = 0;

        // Serialised, so results stay consistent and a progress handler is never called concurrently.
        void Complete(TenantMigrationResult result)
        {
            lock (gate)
            {
                results.Add(result);
                switch (result.Outcome)
                {
                    case TenantMigrationOutcome.Migrated: migrated++; break;
                    case TenantMigrationOutcome.AlreadyCurrent: current++; break;
                    case TenantMigrationOutcome.Failed or TenantMigrationOutcome.NotFound: failed++; break;
                    case TenantMigrationOutcome.Deleted: break;
                    default: throw new UnreachableException();
                }

                progress?.Report(new TenantMigrationProgress(total, results.Count, migrated, current, failed, result));
            }
        }

        foreach (var subdomain in notFound)
        {
            Complete(new TenantMigrationResult(null, subdomain, TenantMigrationOutcome.NotFound, null,
                "No alliance that is not deleted has this sub-domain.", TimeSpan.Zero));
        }

        var pending = new List<CatalogRow>(catalog.Count);
        foreach (var row in catalog)
        {
            if (IsCurrent(row.SchemaVersion) && options.BenchmarkScript is null)
            {
                Complete(new TenantMigrationResult(row.Id, row.Subdomain, TenantMigrationOutcome.AlreadyCurrent, row.SchemaVersion, null, TimeSpan.Zero));
            }
            else
            {
                pending.Add(row);
            }
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(pending, parallel, async (row, token) => Complete(await MigrateOneAsync(row, options, token)));

        results.Sort((a, b) => StringComparer.Ordinal.Compare(a.Subdomain, b.Subdomain));
        return new TenantMigrationSummary(scripts.LatestVersion, results, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// The second advisory-lock key for an alliance: its id folded to 31 bits. A non-negative key shows as the same
    /// number in <c>pg_locks.objid</c>. Two alliances that share a key only take turns; they never block each other
    /// for long, because a transaction holds a single advisory lock.
    /// </summary>
    public static int AdvisoryLockKey(Guid allianceId)
    {
        Span<byte> bytes = stackalloc byte[16];
        allianceId.TryWriteBytes(bytes);
        var folded = BinaryPrimitives.ReadInt32LittleEndian(bytes)
            ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[4..])
            ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[8..])
            ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        return folded & int.MaxValue;
    }

    /// <summary>
    /// Pauses between attempts at one alliance after a transient failure (a restart of PostgreSQL, a dropped connection,
    /// no free connection slot): 0.25 + 0.5 + 1 + 2 + 4 s, so a restart of several seconds is ridden out inside the run
    /// instead of failing every alliance that was in flight or still queued. Retrying is safe: a failed attempt rolled
    /// back, and the next one re-reads the version under the lock (a commit whose answer was lost shows up as current).
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
        [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    private async Task<TenantMigrationResult> MigrateOneAsync(CatalogRow row, TenantMigrationOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var result = await MigrateOnceAsync(row, options, started, cancellationToken);
            if (result.Transient is null || attempt >= RetryDelays.Count)
            {
                return result.Result;
            }

            // The pool's idle connections died with the server; without this every worker would meet one of them first.
            owner.DataSource.Clear();
            await Task.Delay(RetryDelays[attempt], cancellationToken);
        }
    }

    private async Task<(TenantMigrationResult Result, Exception? Transient)> MigrateOnceAsync(
        CatalogRow row, TenantMigrationOptions options, long started, CancellationToken cancellationToken)
    {
        var from = row.SchemaVersion;
        TenantMigrationResult Result(TenantMigrationOutcome outcome, string? error = null) =>
            new(row.Id, row.Subdomain, outcome, from, error, Stopwatch.GetElapsedTime(started));

        try
        {
            await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var locked = await LockAsync(connection, row.Id, options.LockTimeout, cancellationToken);
            if (locked is null)
            {
                return (Result(TenantMigrationOutcome.Deleted), null);
            }

            from = locked.Value.SchemaVersion;
            if (IsCurrent(from) && options.BenchmarkScript is null)
            {
                // Someone else migrated it between our listing and our lock. Disposing the transaction rolls it back
                // and releases both locks.
                return (Result(TenantMigrationOutcome.AlreadyCurrent), null);
            }

            var schema = TenantDatabaseName.Quote(locked.Value.SchemaName);
            var script = options.BenchmarkScript is null ? scripts.From(from) : scripts.From(from) + "\n" + options.BenchmarkScript;
            // The script runs with no command timeout: a backfill on a large alliance may take a while. Lock waits are
            // bounded by lock_timeout, and cancellation still stops it.
            await using (var migrate = new NpgsqlCommand($"SET LOCAL search_path TO {schema};\n{script}", connection) { CommandTimeout = 0 })
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(RecordVersionSql, connection)
            {
                Parameters = { new() { Value = scripts.LatestVersion }, new() { Value = row.Id } },
            })
            {
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return (Result(TenantMigrationOutcome.Migrated), null);
        }
#pragma warning disable CA1031 // One alliance's failure, whatever its kind, must not stop the others; it is reported, not swallowed.
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return (Result(TenantMigrationOutcome.Failed, exception.Message), IsRetryable(exception) ? exception : null);
        }
    }

    // A lock timeout is not retried: --lock-timeout is the operator's bound on waiting for a busy alliance.
    private static bool IsRetryable(Exception exception) =>
        Infrastructure.Database.DatabaseFailures.IsTransient(exception) && !Infrastructure.Database.DatabaseFailures.IsTimeout(exception);

    private static async Task<(string SchemaName, string? SchemaVersion)?> LockAsync(
        NpgsqlConnection connection, Guid allianceId, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        // One round trip for the timeout, the advisory lock and the row lock.
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(SetLockTimeoutSql)
                {
                    Parameters = { new() { Value = ((long)lockTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) } },
                },
                new NpgsqlBatchCommand(AdvisoryLockSql)
                {
                    Parameters = { new() { Value = AdvisoryLockNamespace }, new() { Value = AdvisoryLockKey(allianceId) } },
                },
                new NpgsqlBatchCommand(LockRowSql) { Parameters = { new() { Value = allianceId } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private async Task<List<CatalogRow>> ReadCatalogAsync(IReadOnlySet<string>? subdomains, CancellationToken cancellationToken)
    {
        await using var command = owner.DataSource.CreateCommand(subdomains is null ? CatalogSql : FilteredCatalogSql);
        if (subdomains is not null)
        {
            command.Parameters.Add(new() { Value = subdomains.ToArray() });
        }

        var rows = new List<CatalogRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new CatalogRow(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }

    private bool IsCurrent(string? version) =>
        string.Equals(string.IsNullOrEmpty(version) ? TenantSchemaScripts.Empty : version, scripts.LatestVersion, StringComparison.Ordinal);

    private sealed record CatalogRow(Guid Id, string Subdomain, string State, string SchemaName, string? SchemaVersion);
}
