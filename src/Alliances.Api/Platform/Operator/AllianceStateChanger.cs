using Alliances.Api.Features.ApiKeys;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Tenancy.Database;
using Alliances.Tenancy.Naming;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Alliances.Api.Platform.Operator;

/// <summary>
/// Moves an alliance between catalog states, as the owner role. The catalog trigger NOTIFYs every API node on commit,
/// so a suspension is enforced everywhere within moments. Every action is recorded in <see cref="OperatorAudit"/> in
/// the same transaction.
/// </summary>
public sealed partial class AllianceStateChanger(
    OwnerDataSource owner, TimeProvider clock, IConfiguration configuration, ILogger<AllianceStateChanger> logger)
{
    /// <summary>Tries at the drop before the deletion answers 503; between them it waits 0.25, 0.5, 1, then 2 s.</summary>
    public const int DropAttempts = 5;

    /// <summary>
    /// How long a deletion waits between suspending an active alliance and dropping it: long enough for the catalog
    /// NOTIFY to reach every node and for the requests already past tenant resolution to finish.
    /// </summary>
    private readonly TimeSpan _drain = TimeSpan.FromSeconds(configuration.GetValue("Alliances:Operator:DeleteDrainSeconds", 2.0));

    /// <summary>How long one try at the drop waits for a lock: requests in flight end within their own timeouts.</summary>
    private readonly int _dropLockTimeoutMs = (int)(1000 * configuration.GetValue("Alliances:Operator:DropLockTimeoutSeconds", 2.0));

    public async Task<Results<Ok<OperatorAllianceView>, ProblemHttpResult>> ChangeAsync(
        string subdomain, string from, string to, CancellationToken cancellationToken)
    {
        await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockAsync(connection, subdomain, cancellationToken);
        if (current is null)
        {
            return NotFound(subdomain);
        }

        if (current.State != from)
        {
            return Conflict(subdomain, current.State, to);
        }

        var now = clock.GetUtcNow();
        var view = await SetStateAsync(connection, current.Id, to, now, cancellationToken);
        await OperatorAudit.RecordAsync(connection, current.Id, subdomain, to == "suspended" ? OperatorAudit.Suspend : OperatorAudit.Resume,
            new { from, to }, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(view!);
    }

    /// <summary>
    /// Suspend, drain, drop. An active alliance is first suspended (committed, so every node answers 403 from then on),
    /// then the deletion waits <see cref="_drain"/> for requests in flight, then drops the schema and the role and
    /// leaves the catalog row as a 'deleted' tombstone, in one transaction. A request that still reaches the dropped
    /// schema is answered 404 by <see cref="DeletedAllianceExceptionHandler"/>. DROP waits for statements still running
    /// on the alliance's tables and can lose a lock race to them (a deadlock, or its lock timeout); it is then tried
    /// again, up to <see cref="DropAttempts"/> times, so a deletion under load succeeds without the operator repeating
    /// it. Only a table held past all of them (a long transaction) makes it fail (503); the alliance stays suspended.
    /// </summary>
    public async Task<Results<Ok<OperatorAllianceView>, ProblemHttpResult>> DeleteAsync(string subdomain, CancellationToken cancellationToken)
    {
        if (await SuspendForDeletionAsync(subdomain, cancellationToken) is not { } suspended)
        {
            return NotFound(subdomain);
        }

        if (suspended)
        {
            await Task.Delay(_drain, clock, cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DropAsync(subdomain, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected &&
                                              attempt < DropAttempts)
            {
                // The whole transaction rolled back; the requests that held the locks finish meanwhile.
                LogDropRetried(logger, subdomain, attempt, e.SqlState);
                await Task.Delay(TimeSpan.FromMilliseconds(250 << (attempt - 1)), clock, cancellationToken);
            }
        }
    }

    private async Task<Results<Ok<OperatorAllianceView>, ProblemHttpResult>> DropAsync(string subdomain, CancellationToken cancellationToken)
    {
        await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockAsync(connection, subdomain, cancellationToken);
        if (current is null)
        {
            return NotFound(subdomain); // deleted by a concurrent request meanwhile
        }

        var quoted = TenantDatabaseName.Quote(current.SchemaName);
        var role = TenantDatabaseName.Quote(current.RoleName);
        await using (var drop = new NpgsqlCommand(
            $"SET LOCAL lock_timeout = {_dropLockTimeoutMs}; DROP SCHEMA IF EXISTS {quoted} CASCADE; DROP ROLE IF EXISTS {role}", connection))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        // Nothing is left to deliver; the dispatchers need not visit it again.
        await using (var forget = new NpgsqlCommand("DELETE FROM platform.outbox_pending WHERE alliance_id = $1", connection)
        {
            Parameters = { new() { Value = current.Id } },
        })
        {
            await forget.ExecuteNonQueryAsync(cancellationToken);
        }

        var now = clock.GetUtcNow();
        await using var update = new NpgsqlCommand(
            "UPDATE platform.alliances SET state = 'deleted', deleted_at = $2, updated_at = $2 WHERE id = $1 " +
            "RETURNING id, subdomain, name, state, schema_version, updated_at", connection)
        {
            Parameters = { new() { Value = current.Id }, new() { Value = now } },
        };
        var view = await ReadViewAsync(update, cancellationToken);
        await OperatorAudit.RecordAsync(connection, current.Id, subdomain, OperatorAudit.Delete, new { from = current.State }, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(view!);
    }

    /// <summary>
    /// <c>POST /v1/alliances/{subdomain}/organizer-keys</c>: a new organizer key without an expiry, written into the
    /// alliance's own schema as the owner role, with the audit row, in one transaction. The key text is returned once.
    /// </summary>
    public async Task<Results<Created<IssueOrganizerKey.Response>, ProblemHttpResult>> IssueOrganizerKeyAsync(
        string subdomain, string reason, Func<Guid, string> location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockAsync(connection, subdomain, cancellationToken, share: true);
        if (current is null)
        {
            return NotFound(subdomain);
        }

        if (current.State is not ("active" or "suspended"))
        {
            return ApiProblems.Problem(409, ProblemTypes.InvalidState, "Alliance not ready",
                $"'{subdomain}' is {current.State}; organizer keys are issued to active or suspended alliances only.",
                new Dictionary<string, object?> { ["state"] = current.State });
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var secret = ApiKeySecret.Generate();
        const string name = "Organizer key (issued by the platform operator)";
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO {TenantDatabaseName.Quote(current.SchemaName)}.api_keys (id, name, role, space_id, hash, prefix, created_at, updated_at) " +
            "VALUES ($1, $2, 'organizer', NULL, $3, $4, $5, $5)", connection)
        {
            Parameters = { new() { Value = id }, new() { Value = name }, new() { Value = secret.Hash }, new() { Value = secret.DisplayPrefix }, new() { Value = now } },
        })
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await OperatorAudit.RecordAsync(connection, current.Id, subdomain, OperatorAudit.IssueOrganizerKey,
            new { keyId = id, prefix = secret.DisplayPrefix, reason }, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created(location(id),
            new IssueOrganizerKey.Response(id, current.Id, subdomain, name, "organizer", secret.DisplayPrefix, now, secret.Text));
    }

    /// <summary>True when this call suspended an active alliance, false when it was not active already, null when there is none.</summary>
    private async Task<bool?> SuspendForDeletionAsync(string subdomain, CancellationToken cancellationToken)
    {
        await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockAsync(connection, subdomain, cancellationToken);
        if (current is null)
        {
            return null;
        }

        if (current.State != "active")
        {
            return false;
        }

        var now = clock.GetUtcNow();
        await SetStateAsync(connection, current.Id, "suspended", now, cancellationToken);
        await OperatorAudit.RecordAsync(connection, current.Id, subdomain, OperatorAudit.Suspend, new { from = "active", to = "suspended", forDeletion = true },
            now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<OperatorAllianceView?> SetStateAsync(
        NpgsqlConnection connection, Guid id, string to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            "UPDATE platform.alliances SET state = $2, updated_at = $3, suspended_at = CASE WHEN $2 = 'suspended' THEN $3 ELSE NULL END " +
            "WHERE id = $1 RETURNING id, subdomain, name, state, schema_version, updated_at", connection)
        {
            Parameters = { new() { Value = id }, new() { Value = to }, new() { Value = now } },
        };
        return await ReadViewAsync(update, cancellationToken);
    }

    private sealed record LockedAlliance(Guid Id, string State, string SchemaName, string RoleName);

    private static async Task<LockedAlliance?> LockAsync(NpgsqlConnection connection, string subdomain, CancellationToken cancellationToken, bool share = false)
    {
        await using var select = new NpgsqlCommand(
            "SELECT id, state, schema_name, role_name FROM platform.alliances WHERE subdomain = $1 AND state <> 'deleted' " +
            (share ? "FOR SHARE" : "FOR UPDATE"),
            connection)
        {
            Parameters = { new() { Value = subdomain } },
        };
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new LockedAlliance(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))
            : null;
    }

    private static async Task<OperatorAllianceView?> ReadViewAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OperatorAllianceView(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5))
            : null;
    }

    private static ProblemHttpResult NotFound(string subdomain) =>
        ApiProblems.Problem(404, ProblemTypes.NotFound, "Alliance not found", $"No live alliance has claimed '{subdomain}'.");

    private static ProblemHttpResult Conflict(string subdomain, string state, string to) =>
        ApiProblems.Problem(409, ProblemTypes.InvalidState, "Invalid state transition",
            $"'{subdomain}' is {state}; it cannot become {to} from there.",
            new Dictionary<string, object?> { ["state"] = state });

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleting {Subdomain}: drop attempt {Attempt} lost a lock race ({SqlState}); trying again")]
    private static partial void LogDropRetried(ILogger logger, string subdomain, int attempt, string sqlState);
}
