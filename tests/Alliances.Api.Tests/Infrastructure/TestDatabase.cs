using Alliances.LocalPostgres;
using Npgsql;

namespace Alliances.Api.Tests.Infrastructure;

/// <summary>
/// The database every test in this run shares. With <c>ALLIANCES_TEST_DATABASE</c> (application role) and
/// <c>ALLIANCES_TEST_DATABASE_OWNER</c> set, those are used as they are. Otherwise the private development cluster is
/// started (or reused) and a fresh database is created for this run, so a test run never sees the data of `dotnet run`
/// or of another run. Tests isolate from each other by claiming their own alliances with random sub-domains.
/// </summary>
public sealed class TestDatabase
{
    private static readonly Lazy<Task<TestDatabase>> Shared = new(CreateAsync);

    private TestDatabase(string app, string owner, string? superuser)
    {
        App = app;
        Owner = owner;
        Superuser = superuser;
    }

    /// <summary>Connection string of the application login role.</summary>
    public string App { get; }

    /// <summary>Connection string of the owner role.</summary>
    public string Owner { get; }

    /// <summary>A superuser connection string, when the cluster is ours; null against an external database.</summary>
    public string? Superuser { get; }

    public static Task<TestDatabase> GetAsync() => Shared.Value;

    /// <summary>
    /// A fresh database on the same cluster, for tests that must not meet the shared database's background work (the
    /// webhook tests' dispatcher works every alliance in the database it runs on). Needs the cluster's superuser, so it
    /// is null against an external database without <c>ALLIANCES_TEST_DATABASE_SUPERUSER</c>. Named like the run's own
    /// database, so a later run drops it, and its alliance roles, once this process is gone.
    /// </summary>
    public static async Task<TestDatabase?> CreateSeparateAsync()
    {
        var shared = await GetAsync();
        if (shared.Superuser is not { } superuser)
        {
            return null;
        }

        var database = await LocalPostgresCluster.EnsureDatabaseAsync(new LocalPostgresConnectionStrings(shared.Owner, shared.App, superuser),
            $"alliances_test_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}");
        return new TestDatabase(database.App, database.Owner, database.Superuser);
    }

    private static async Task<TestDatabase> CreateAsync()
    {
        var app = Environment.GetEnvironmentVariable("ALLIANCES_TEST_DATABASE");
        var owner = Environment.GetEnvironmentVariable("ALLIANCES_TEST_DATABASE_OWNER");
        if (!string.IsNullOrWhiteSpace(app) && !string.IsNullOrWhiteSpace(owner))
        {
            return new TestDatabase(app, owner, Environment.GetEnvironmentVariable("ALLIANCES_TEST_DATABASE_SUPERUSER"));
        }

        var port = int.TryParse(Environment.GetEnvironmentVariable("ALLIANCES_PG_PORT"), out var p) ? p : 5433;
        var cluster = await LocalPostgresCluster.EnsureStartedAsync(new LocalPostgresOptions { Port = port });
        await RemoveStaleTestDatabasesAsync(cluster);
        var name = $"alliances_test_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
        var database = await LocalPostgresCluster.EnsureDatabaseAsync(cluster, name);
        return new TestDatabase(database.App, database.Owner, database.Superuser);
    }

    /// <summary>
    /// Drops databases left by earlier runs whose process is gone, and the alliance roles they created (roles are
    /// cluster-wide, so dropping the database alone would leave them behind).
    /// </summary>
    private static async Task RemoveStaleTestDatabasesAsync(LocalPostgresConnectionStrings cluster)
    {
        var stale = new List<string>();
        await using (var connection = new NpgsqlConnection(cluster.Superuser))
        {
            await connection.OpenAsync();
            await using var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'alliances\\_test\\_%'", connection);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var name = reader.GetString(0);
                var parts = name.Split('_');
                if (parts.Length >= 4 && int.TryParse(parts[2], out var pid) && !ProcessIsAlive(pid))
                {
                    stale.Add(name);
                }
            }
        }

        foreach (var name in stale)
        {
            try
            {
                var roles = new List<string>();
                var inDatabase = new NpgsqlConnectionStringBuilder(cluster.Superuser) { Database = name }.ConnectionString;
                await using (var connection = new NpgsqlConnection(inDatabase))
                {
                    await connection.OpenAsync();
                    await using var command = new NpgsqlCommand(
                        "SELECT role_name FROM platform.alliances WHERE to_regclass('platform.alliances') IS NOT NULL", connection);
                    try
                    {
                        await using var reader = await command.ExecuteReaderAsync();
                        while (await reader.ReadAsync())
                        {
                            roles.Add(reader.GetString(0));
                        }
                    }
                    catch (PostgresException)
                    {
                        // no catalog in that database: nothing to clean but the database itself
                    }
                }

                await LocalPostgresCluster.DropDatabaseAsync(cluster, name);
                await using var admin = new NpgsqlConnection(cluster.Superuser);
                await admin.OpenAsync();
                foreach (var role in roles)
                {
                    await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{role.Replace("\"", "", StringComparison.Ordinal)}\"", admin);
                    await drop.ExecuteNonQueryAsync();
                }
            }
            catch (NpgsqlException)
            {
                // Best effort: another run may be cleaning the same database.
            }
        }
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
