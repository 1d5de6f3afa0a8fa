using System.Data;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Alliances.Api.Tests.Infrastructure;
using Npgsql;

namespace Alliances.Api.Tests.Platform;

/// <summary>
/// Looks behind the API, with the owner connection, at what a claim or an operator action left in the database: the
/// catalog row, the schema (per database) and the role (per cluster).
/// </summary>
internal static partial class CatalogProbe
{
    /// <summary>Catalog rows for a label in any state, tombstones included.</summary>
    public static async Task<int> CountRowsAsync(TestDatabase database, string subdomain)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM platform.alliances WHERE subdomain = $1", connection)
        {
            Parameters = { new() { Value = subdomain } },
        };
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The state of the catalog row with this id, or null when there is none.</summary>
    public static async Task<string?> StateAsync(TestDatabase database, Guid id)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand("SELECT state FROM platform.alliances WHERE id = $1", connection)
        {
            Parameters = { new() { Value = id } },
        };
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>True when this database has a schema of that name.</summary>
    public static async Task<bool> SchemaExistsAsync(TestDatabase database, string schema) =>
        await ExistsAsync(database, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", schema);

    /// <summary>True when the cluster has a role of that name.</summary>
    public static async Task<bool> RoleExistsAsync(TestDatabase database, string role) =>
        await ExistsAsync(database, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", role);

    /// <summary>
    /// Alliance schemas and roles created between <paramref name="from"/> and <paramref name="to"/> that no live
    /// catalog row names: what a half-finished claim would leave behind.
    /// </summary>
    /// <remarks>
    /// Other test classes claim and delete alliances while this runs, so the comparison has to be race-free:
    /// <list type="bullet">
    /// <item>A claim and a delete each commit the catalog row and the DDL in one transaction, so in one snapshot
    /// (REPEATABLE READ) every committed alliance schema has a live row, and an in-flight claim shows neither.</item>
    /// <item>Names are <c>alliance_</c> + a UUIDv7, whose first 48 bits are the creation time in Unix milliseconds;
    /// only names minted in the window are considered, so debris of earlier runs cannot fail this test.</item>
    /// <item>Roles are cluster-wide, and other test runs on the same cluster have catalogs of their own. A committed
    /// alliance role always holds privileges in its database (USAGE on its schema), which pg_shdepend records with
    /// that database's oid; roles with privileges only in other databases are theirs, not ours.</item>
    /// </list>
    /// </remarks>
    public static async Task<Orphans> FindOrphansAsync(TestDatabase database, DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = await OpenAsync(database);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);

        var live = new HashSet<string>(StringComparer.Ordinal);
        await using (var rows = new NpgsqlCommand("SELECT schema_name, role_name FROM platform.alliances WHERE state <> 'deleted'", connection, transaction))
        await using (var reader = await rows.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                live.Add(reader.GetString(0));
                live.Add(reader.GetString(1));
            }
        }

        var schemas = await NamesAsync(connection, transaction,
            "SELECT nspname FROM pg_namespace WHERE nspname ~ '^alliance_[0-9a-f]{32}$'");
        var roles = await NamesAsync(connection, transaction,
            "SELECT r.rolname FROM pg_roles r WHERE r.rolname ~ '^alliance_[0-9a-f]{32}$' AND NOT EXISTS (" +
            "SELECT 1 FROM pg_shdepend d WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = r.oid " +
            "AND d.dbid <> 0 AND d.dbid <> (SELECT oid FROM pg_database WHERE datname = current_database()))");
        await transaction.CommitAsync();

        bool Orphan(string name) => !live.Contains(name) && MintedAt(name) is { } at && at >= from && at <= to;
        return new Orphans([.. schemas.Where(Orphan)], [.. roles.Where(Orphan)]);
    }

    /// <summary>The creation time encoded in an <c>alliance_{uuidv7}</c> name.</summary>
    public static DateTimeOffset? MintedAt(string name)
    {
        var match = AllianceName().Match(name);
        return match.Success
            ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>
    /// Polls until the request answers <paramref name="status"/>. Catalog changes reach the API's cache through
    /// LISTEN/NOTIFY, a moment after the commit, so a host's answer may lag an operator action briefly.
    /// </summary>
    public static async Task<HttpResponseMessage> EventuallyAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(send);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var response = await send();
            if (response.StatusCode == status || DateTime.UtcNow > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(50);
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(TestDatabase database)
    {
        var connection = new NpgsqlConnection(database.Owner);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<bool> ExistsAsync(TestDatabase database, string sql, string name)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = name } } };
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> NamesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        var names = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    [GeneratedRegex("^alliance_([0-9a-f]{12})[0-9a-f]{20}$")]
    private static partial Regex AllianceName();
}

/// <summary>Schemas and roles no live catalog row accounts for.</summary>
internal sealed record Orphans(IReadOnlyList<string> Schemas, IReadOnlyList<string> Roles)
{
    public bool None => Schemas.Count == 0 && Roles.Count == 0;

    public override string ToString() => $"schemas [{string.Join(", ", Schemas)}], roles [{string.Join(", ", Roles)}]";
}
