using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Binding;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Naming;
using Npgsql;

namespace Alliances.Api.Tests.Isolation;

/// <summary>Raw database access for the isolation tests: catalog rows, ground truth of tenant tables, and SQL error capture.</summary>
public static class IsolationDb
{
    /// <summary>The application login role's name, from its connection string.</summary>
    public static string LoginRole(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new NpgsqlConnectionStringBuilder(database.App).Username
            ?? throw new InvalidOperationException("The test app connection string names no user.");
    }

    /// <summary>
    /// An unpooled connection as the application login role: tests that SET ROLE on it cannot leave state in any
    /// pool another test might draw from.
    /// </summary>
    public static async Task<NpgsqlConnection> OpenAppAsync(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.App) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The alliance's tenant context exactly as the resolver builds it: read from the catalog as the app role.</summary>
    public static async Task<TenantContext> TenantOfAsync(TestDatabase database, ClaimedAlliance alliance)
    {
        ArgumentNullException.ThrowIfNull(alliance);
        await using var connection = await OpenAppAsync(database);
        await using var command = new NpgsqlCommand(
            "SELECT subdomain, schema_name, role_name, name, time_zone FROM platform.alliances WHERE id = $1", connection)
        {
            Parameters = { new() { Value = alliance.Id } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No catalog row for alliance {alliance.Id} ({alliance.Subdomain}).");
        var tenant = new TenantContext(alliance.Id, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
        Assert.Equal(alliance.Subdomain, tenant.Subdomain);
        Assert.True(TenantDatabaseName.IsValid(tenant.SchemaName), $"Bad schema name {tenant.SchemaName}");
        return tenant;
    }

    /// <summary>The ids in one tenant table, read as the owner role with a qualified name: what the alliance really holds.</summary>
    public static async Task<HashSet<Guid>> RowIdsAsync(TestDatabase database, TenantContext tenant, string table)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentException.ThrowIfNullOrEmpty(table);
        if (table.Any(c => c is not ((>= 'a' and <= 'z') or '_')))
        {
            throw new ArgumentException($"'{table}' is not a plain table name.", nameof(table));
        }

        await using var connection = new NpgsqlConnection(database.Owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT id FROM {TenantDatabaseName.Quote(tenant.SchemaName)}.{table}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Runs the statement <see cref="TenantConnectionBinder"/> runs when EF opens a connection for <paramref name="tenant"/>.</summary>
    public static async Task BindAsync(NpgsqlConnection connection, TenantContext tenant)
    {
        await using var command = new NpgsqlCommand(TenantConnectionBinder.BindingSql(tenant), connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary><c>current_user</c> and <c>current_setting('search_path')</c> of the session.</summary>
    public static async Task<(string User, string SearchPath)> SessionAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT current_user::text, current_setting('search_path')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1));
    }

    /// <summary>Runs <paramref name="sql"/> and returns the PostgreSQL error it must raise; fails the test if it succeeds.</summary>
    public static async Task<PostgresException> ErrorOfAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
            }

            Assert.Fail($"Expected `{sql}` to fail, but it returned {rows} row(s).");
            throw new InvalidOperationException("unreachable");
        }
        catch (PostgresException exception)
        {
            return exception;
        }
    }

    /// <summary>Asserts two id sets are equal, whatever their order, naming both in the message.</summary>
    public static void AssertSameIds(IReadOnlySet<Guid> expected, IReadOnlySet<Guid> actual, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.True(expected.SetEquals(actual),
            $"{what ?? "Ids"}: expected [{string.Join(", ", expected.Order())}] but got [{string.Join(", ", actual.Order())}].");
    }

    /// <summary>search_path as PostgreSQL shows it, without identifier quotes, for comparing with a schema name.</summary>
    public static string Unquoted(string searchPath) => searchPath.Replace("\"", "", StringComparison.Ordinal).Trim();
}
