using Npgsql;

namespace Alliances.LocalPostgres;

/// <summary>Idempotently creates the roles, databases and grants the application expects, as the superuser.</summary>
/// <param name="adminConnectionString">Superuser connection to the <c>postgres</c> maintenance database.</param>
internal sealed class ClusterBootstrapper(string adminConnectionString)
{
    /// <summary>
    /// Arbitrary fixed key ("Allia" in ASCII) for pg_advisory_lock, serialising catalog changes across processes and tasks;
    /// deploy/local/lib.sh uses the same value (280991918433).
    /// </summary>
    internal const long CatalogLockKey = 0x416C6C6961;

    /// <summary>The maximum identifier length in PostgreSQL (NAMEDATALEN - 1); longer names would be silently truncated.</summary>
    private const int MaxIdentifierBytes = 63;

    public static ClusterBootstrapper ForCluster(string superuserConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(superuserConnectionString)
        {
            Database = "postgres",
            // One-off administrative sessions: pooling would only keep idle superuser sessions open in the caller's process.
            Pooling = false,
        };
        return new ClusterBootstrapper(builder.ConnectionString);
    }

    /// <summary>Roles (attributes and passwords re-applied each time, so drift is repaired) plus the main database.</summary>
    public async Task BootstrapAsync(string databaseName, CancellationToken cancellationToken)
    {
        await using var admin = await OpenLockedAsync(cancellationToken);

        await EnsureRoleAsync(
            admin, DevelopmentRoles.Owner,
            $"LOGIN CREATEROLE CREATEDB NOSUPERUSER PASSWORD '{DevelopmentRoles.OwnerPassword}'", cancellationToken);
        await EnsureRoleAsync(
            admin, DevelopmentRoles.App,
            $"LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '{DevelopmentRoles.AppPassword}'",
            cancellationToken);
        // Fail closed: with an empty search_path an unqualified table name resolves to nothing until a tenant schema is set.
        await ExecuteAsync(admin, $"ALTER ROLE {DevelopmentRoles.App} SET search_path = ''", cancellationToken);

        await EnsureDatabaseCoreAsync(admin, databaseName, cancellationToken);
    }

    /// <summary>Another database like the main one (owner, grants); the roles must already exist.</summary>
    public async Task EnsureDatabaseAsync(string databaseName, CancellationToken cancellationToken)
    {
        await using var admin = await OpenLockedAsync(cancellationToken);
        await EnsureDatabaseCoreAsync(admin, databaseName, cancellationToken);
    }

    public async Task DropDatabaseAsync(string databaseName, CancellationToken cancellationToken)
    {
        var name = QuoteIdentifier(databaseName);
        await using var admin = await OpenLockedAsync(cancellationToken);
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken);
    }

    public static string QuoteIdentifier(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid PostgreSQL identifier (at most {MaxIdentifierBytes} bytes, no NUL).", nameof(name));
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private async Task<NpgsqlConnection> OpenLockedAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(adminConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Concurrent ALTER ROLE/GRANT on the same catalog row fail with "tuple concurrently updated"; queue instead.
            // The lock is session-level and ends with the (unpooled) connection.
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection);
            command.Parameters.AddWithValue(CatalogLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task EnsureDatabaseCoreAsync(NpgsqlConnection admin, string databaseName, CancellationToken cancellationToken)
    {
        var name = QuoteIdentifier(databaseName);

        // CREATE DATABASE cannot run inside a transaction or DO block, so check first, then tolerate losing a race
        // against a creator that does not take our advisory lock (someone in psql, say).
        if (!await ExistsAsync(admin, "SELECT 1 FROM pg_database WHERE datname = $1", databaseName, cancellationToken))
            await ExecuteToleratingDuplicateAsync(admin, $"CREATE DATABASE {name} OWNER {DevelopmentRoles.Owner}", cancellationToken);

        await ExecuteAsync(admin, $"GRANT CONNECT, TEMPORARY ON DATABASE {name} TO {DevelopmentRoles.App}", cancellationToken);

        // Schema privileges live inside the database, so they need a session there.
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = databaseName };
        await using var database = new NpgsqlConnection(builder.ConnectionString);
        await database.OpenAsync(cancellationToken);
        // Nobody but the owner may create objects in public (already the default since PostgreSQL 15; explicit for older servers).
        await ExecuteAsync(database, "REVOKE CREATE ON SCHEMA public FROM PUBLIC", cancellationToken);
    }

    private static async Task EnsureRoleAsync(NpgsqlConnection admin, string role, string attributes, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(admin, "SELECT 1 FROM pg_roles WHERE rolname = $1", role, cancellationToken))
            await ExecuteToleratingDuplicateAsync(admin, $"CREATE ROLE {role}", cancellationToken);
        await ExecuteAsync(admin, $"ALTER ROLE {role} WITH {attributes}", cancellationToken);
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, string value, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(value);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task ExecuteToleratingDuplicateAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(connection, sql, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateDatabase
                                                       or PostgresErrorCodes.DuplicateObject
                                                       or PostgresErrorCodes.UniqueViolation)
        {
            // Someone else created it between our check and our CREATE: the outcome we wanted.
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
