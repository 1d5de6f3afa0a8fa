using System.Reflection;
using Alliances.Tenancy.Database;
using Npgsql;

namespace Alliances.Api.Platform.Schema;

/// <summary>
/// Brings the platform schema up to date from the numbered SQL scripts embedded in this assembly. Hand-written SQL
/// rather than EF migrations: the catalog needs grants and a NOTIFY trigger, it is read with raw Npgsql on the hot
/// path, and it must never share a migration history with the tenant model. An advisory lock serialises API nodes
/// that start at the same moment.
/// </summary>
public sealed class PlatformSchemaMigrator(OwnerDataSource owner, AppDataSource app)
{
    // An arbitrary constant that no other code uses as an advisory lock key.
    private const long PlatformMigrationLock = 0x416c6c6950; // "AlliP"

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var appRole = new NpgsqlConnectionStringBuilder(app.DataSource.ConnectionString).Username
            ?? throw new InvalidOperationException("The application connection string names no user.");

        await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, $"SELECT pg_advisory_xact_lock({PlatformMigrationLock})", cancellationToken);
        await Execute(connection,
            "CREATE SCHEMA IF NOT EXISTS platform; " +
            "CREATE TABLE IF NOT EXISTS platform.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken);

        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand("SELECT id FROM platform.schema_migrations", connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        foreach (var (id, sql) in Scripts())
        {
            if (applied.Contains(id))
            {
                continue;
            }

            await Execute(connection, sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO platform.schema_migrations (id) VALUES ($1)", connection);
            record.Parameters.Add(new() { Value = id });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        // Re-applied every start: the application role may have been renamed or recreated since the scripts ran.
        // UPDATE on the profile columns only: PATCH /v1/alliance keeps name, region and time zone in the catalog, in the
        // same transaction as the tenant's settings (see CatalogProfile); state, schema and role stay owner-only.
        var quotedApp = QuoteIdentifier(appRole);
        await Execute(connection,
            $"GRANT USAGE ON SCHEMA platform TO {quotedApp}; GRANT SELECT ON platform.alliances TO {quotedApp}; " +
            $"GRANT UPDATE (name, region, time_zone, updated_at) ON platform.alliances TO {quotedApp}",
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static IEnumerable<(string Id, string Sql)> Scripts()
    {
        var assembly = typeof(PlatformSchemaMigrator).Assembly;
        const string prefix = "Alliances.Api.Platform.Schema.Scripts.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[prefix.Length..^".sql".Length], reader.ReadToEnd());
        }
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
