using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Naming;
using Npgsql;

namespace Alliances.Api.Tests.Migrations;

/// <summary>
/// Puts alliances' schemas into the states a migration run meets in the field, as the owner role: behind (an old
/// version recorded, tables missing), broken (a table in the way of the script) and repaired.
/// </summary>
public static class TenantSchemas
{
    /// <summary>
    /// Makes the alliance look as if it had never been migrated. Its catalog version becomes '0' and every table, view,
    /// type and function in its schema is dropped, so the whole script must run again, however many migrations the
    /// model has by then. The schema, its grants and its default privileges stay, as they would in the field.
    /// </summary>
    public static async Task RegressAsync(string owner, ClaimedAlliance alliance)
    {
        ArgumentNullException.ThrowIfNull(alliance);
        var schema = TenantDatabaseName.For(alliance.Id);
        await ExecuteAsync(owner,
            $"""
            UPDATE platform.alliances SET schema_version = '0' WHERE id = '{alliance.Id}';
            DO $$
            DECLARE r record;
            BEGIN
                FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = '{schema}' AND c.relkind IN ('r', 'p', 'v', 'm', 'c') LOOP
                    EXECUTE format('DROP %s IF EXISTS %I.%I CASCADE',
                        CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END,
                        '{schema}', r.relname);
                END LOOP;
                FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = '{schema}' AND c.relkind = 'S' LOOP
                    EXECUTE format('DROP SEQUENCE IF EXISTS %I.%I CASCADE', '{schema}', r.relname);
                END LOOP;
                FOR r IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname = '{schema}' LOOP
                    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', r.signature);
                END LOOP;
                FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                         WHERE n.nspname = '{schema}' AND t.typtype IN ('e', 'd', 'r') LOOP
                    EXECUTE format('DROP TYPE IF EXISTS %I.%I CASCADE', '{schema}', r.typname);
                END LOOP;
            END
            $$;
            """);
    }

    /// <summary>Puts a table of the wrong shape where the script creates <c>api_keys</c>, so the script fails on it.</summary>
    public static Task BreakAsync(string owner, ClaimedAlliance alliance) =>
        ExecuteAsync(owner, $"CREATE TABLE {Schema(alliance)}.api_keys (id integer PRIMARY KEY, note text)");

    /// <summary>Undoes <see cref="BreakAsync"/>.</summary>
    public static Task RepairAsync(string owner, ClaimedAlliance alliance) =>
        ExecuteAsync(owner, $"DROP TABLE {Schema(alliance)}.api_keys");

    /// <summary>The version the catalog records for the alliance.</summary>
    public static async Task<string?> RecordedVersionAsync(string owner, ClaimedAlliance alliance)
    {
        ArgumentNullException.ThrowIfNull(alliance);
        var value = await ScalarAsync(owner, $"SELECT schema_version FROM platform.alliances WHERE id = '{alliance.Id}'");
        return value as string;
    }

    /// <summary>How many times the schema's EF history (snake-cased like the model) records <paramref name="migrationId"/>; 0 when the history table is missing.</summary>
    public static async Task<long> HistoryCountAsync(string owner, ClaimedAlliance alliance, string migrationId)
    {
        var schema = Schema(alliance);
        var exists = await ScalarAsync(owner, $"SELECT to_regclass('{schema}.\"__EFMigrationsHistory\"') IS NOT NULL");
        if (exists is not true)
        {
            return 0;
        }

        await using var connection = new NpgsqlConnection(owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {schema}.\"__EFMigrationsHistory\" WHERE migration_id = $1", connection)
        {
            Parameters = { new() { Value = migrationId } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// True when <c>api_keys</c> has its real shape (a <c>hash</c> column) and the alliance's own role may read and
    /// write it. The second part checks that default privileges reached a table the migrator created.
    /// </summary>
    public static async Task<bool> ApiKeysUsableByTenantAsync(string owner, ClaimedAlliance alliance)
    {
        ArgumentNullException.ThrowIfNull(alliance);
        var schema = Schema(alliance);
        var result = await ScalarAsync(owner,
            $"""
            SELECT to_regclass('{schema}.api_keys') IS NOT NULL
               AND EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = '{TenantDatabaseName.For(alliance.Id)}' AND table_name = 'api_keys' AND column_name = 'hash')
               AND has_table_privilege('{TenantDatabaseName.For(alliance.Id)}', '{schema}.api_keys', 'SELECT, INSERT, UPDATE, DELETE')
            """);
        return result is true;
    }

    private static string Schema(ClaimedAlliance alliance)
    {
        ArgumentNullException.ThrowIfNull(alliance);
        return TenantDatabaseName.Quote(TenantDatabaseName.For(alliance.Id));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
