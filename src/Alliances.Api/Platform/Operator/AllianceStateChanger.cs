using Alliances.Api.Infrastructure.Problems;
using Alliances.Tenancy.Database;
using Alliances.Tenancy.Naming;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Alliances.Api.Platform.Operator;

/// <summary>
/// Moves an alliance between catalog states, as the owner role. The catalog trigger NOTIFYs every API node on commit,
/// so a suspension is enforced everywhere within moments.
/// </summary>
public sealed class AllianceStateChanger(OwnerDataSource owner, TimeProvider clock)
{
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

        await using var update = new NpgsqlCommand(
            "UPDATE platform.alliances SET state = $2, updated_at = $3, suspended_at = CASE WHEN $2 = 'suspended' THEN $3 ELSE NULL END " +
            "WHERE id = $1 RETURNING id, subdomain, name, state, schema_version, updated_at", connection)
        {
            Parameters = { new() { Value = current.Id }, new() { Value = to }, new() { Value = clock.GetUtcNow() } },
        };
        var view = await ReadViewAsync(update, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(view!);
    }

    /// <summary>Drops the schema and the role, and leaves the catalog row as a 'deleted' tombstone, in one transaction.</summary>
    public async Task<Results<Ok<OperatorAllianceView>, ProblemHttpResult>> DeleteAsync(string subdomain, CancellationToken cancellationToken)
    {
        await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockAsync(connection, subdomain, cancellationToken);
        if (current is null)
        {
            return NotFound(subdomain);
        }

        var quoted = TenantDatabaseName.Quote(current.SchemaName);
        var role = TenantDatabaseName.Quote(current.RoleName);
        await using (var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {quoted} CASCADE; DROP ROLE IF EXISTS {role}", connection))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var update = new NpgsqlCommand(
            "UPDATE platform.alliances SET state = 'deleted', deleted_at = $2, updated_at = $2 WHERE id = $1 " +
            "RETURNING id, subdomain, name, state, schema_version, updated_at", connection)
        {
            Parameters = { new() { Value = current.Id }, new() { Value = clock.GetUtcNow() } },
        };
        var view = await ReadViewAsync(update, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(view!);
    }

    private sealed record LockedAlliance(Guid Id, string State, string SchemaName, string RoleName);

    private static async Task<LockedAlliance?> LockAsync(NpgsqlConnection connection, string subdomain, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(
            "SELECT id, state, schema_name, role_name FROM platform.alliances WHERE subdomain = $1 AND state <> 'deleted' FOR UPDATE",
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
}
