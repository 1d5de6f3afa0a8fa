using Npgsql;

namespace Alliances.LocalPostgres.Tests;

public sealed class LocalPostgresClusterShould(LocalPostgresClusterFixture cluster) : IClassFixture<LocalPostgresClusterFixture>
{
    [Fact]
    public async Task ReuseTheRunningServer_WhenCalledAgain()
    {
        var pidBefore = cluster.PostmasterPid();

        var again = await LocalPostgresCluster.EnsureStartedAsync(cluster.Options);

        Assert.Equal(cluster.ConnectionStrings, again);
        Assert.Equal(pidBefore, cluster.PostmasterPid());
    }

    [Fact]
    public async Task AgreeOnOneServer_WhenCalledConcurrently()
    {
        var pidBefore = cluster.PostmasterPid();

        var results = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(_ => Task.Run(() => LocalPostgresCluster.EnsureStartedAsync(cluster.Options))));

        Assert.All(results, strings => Assert.Equal(cluster.ConnectionStrings, strings));
        Assert.Equal(pidBefore, cluster.PostmasterPid());
    }

    [Fact]
    public void HandOutTcpStringsForOwnerAndApp_AndASocketStringForTheSuperuser()
    {
        Assert.Equal(
            $"Host=127.0.0.1;Port={cluster.Port};Database=alliances_test;Username=alliances_owner;Password=alliances-owner-dev",
            cluster.ConnectionStrings.Owner);
        Assert.Equal(
            $"Host=127.0.0.1;Port={cluster.Port};Database=alliances_test;Username=alliances_app;Password=alliances-app-dev",
            cluster.ConnectionStrings.App);
        Assert.Equal(
            $"Host=/tmp/alliances-pg-{cluster.Port};Port={cluster.Port};Database=alliances_test;Username=postgres",
            cluster.ConnectionStrings.Superuser);
    }

    [Fact]
    public async Task LetTheAppRoleIn_WithAnEmptySearchPathAndNoPrivileges()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionStrings.App);
        await connection.OpenAsync();

        Assert.Equal("\"\"", await ScalarAsync<string>(connection, "SHOW search_path"));
        Assert.Equal("alliances_test", await ScalarAsync<string>(connection, "SELECT current_database()"));
        await using var command = new NpgsqlCommand(
            "SELECT rolsuper, rolbypassrls, rolinherit FROM pg_roles WHERE rolname = current_user", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((false, false, false), (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2)));
    }

    [Fact]
    public async Task MakeTheOwnerRoleOwnTheDatabase_WithoutBeingSuperuser()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionStrings.Owner);
        await connection.OpenAsync();

        Assert.Equal(
            "alliances_owner",
            await ScalarAsync<string>(connection, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
        Assert.False(await ScalarAsync<bool>(connection, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        Assert.True(await ScalarAsync<bool>(connection, "SELECT rolcreatedb AND rolcreaterole FROM pg_roles WHERE rolname = current_user"));
    }

    [Fact]
    public async Task KeepThePublicSchemaClosedToTheApp()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionStrings.App);
        await connection.OpenAsync();

        var exception = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<int>(connection, "CREATE TABLE public.t (id int)"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, exception.SqlState);
    }

    [Fact]
    public async Task RejectTheWrongPasswordOverTcp()
    {
        var wrong = new NpgsqlConnectionStringBuilder(cluster.ConnectionStrings.App) { Password = "not-it" }.ConnectionString;
        await using var connection = new NpgsqlConnection(wrong);

        var exception = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.InvalidPassword, exception.SqlState);
    }

    [Fact]
    public async Task CreateAPrivateDatabaseTheAppCanUse_AndDropItAgain()
    {
        var name = $"alliances_run_{Guid.NewGuid():N}"[..30];

        var database = await LocalPostgresCluster.EnsureDatabaseAsync(cluster.ConnectionStrings, name);
        var again = await LocalPostgresCluster.EnsureDatabaseAsync(cluster.ConnectionStrings, name);

        Assert.Equal(database, again);
        await using (var app = new NpgsqlConnection(database.App))
        {
            await app.OpenAsync();
            Assert.Equal(name, await ScalarAsync<string>(app, "SELECT current_database()"));
            Assert.Equal("\"\"", await ScalarAsync<string>(app, "SHOW search_path"));
        }

        Assert.Equal(
            "alliances_owner",
            await SuperuserScalarAsync<string>("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", name));

        await LocalPostgresCluster.DropDatabaseAsync(cluster.ConnectionStrings, name);

        Assert.Null(await SuperuserScalarAsync<string>("SELECT datname::text FROM pg_database WHERE datname = $1", name));
    }

    [Fact]
    public async Task DropADatabaseEvenWithOpenSessions()
    {
        var name = $"alliances_run_{Guid.NewGuid():N}"[..30];
        var database = await LocalPostgresCluster.EnsureDatabaseAsync(cluster.ConnectionStrings, name);
        await using var open = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.App) { Pooling = false }.ConnectionString);
        await open.OpenAsync();

        await LocalPostgresCluster.DropDatabaseAsync(cluster.ConnectionStrings, name);

        Assert.Null(await SuperuserScalarAsync<string>("SELECT datname::text FROM pg_database WHERE datname = $1", name));
    }

    [Fact]
    public async Task RefuseAnotherPort_WhileRunning()
    {
        var otherPort = cluster.Options with { Port = LocalPostgresClusterFixture.FreePort() };

        var exception = await Assert.ThrowsAsync<LocalPostgresException>(() => LocalPostgresCluster.EnsureStartedAsync(otherPort));

        Assert.Contains($"running on port {cluster.Port}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartItAgain_AfterStop()
    {
        var pidBefore = cluster.PostmasterPid();

        await LocalPostgresCluster.StopAsync(cluster.Options);
        Assert.False(File.Exists(Path.Combine(cluster.DataDirectory, "postmaster.pid")));
        await LocalPostgresCluster.StopAsync(cluster.Options); // stopping a stopped cluster is fine
        var restarted = await LocalPostgresCluster.EnsureStartedAsync(cluster.Options);
        NpgsqlConnection.ClearAllPools(); // pooled sessions died with the old server; later tests must not get them

        Assert.Equal(cluster.ConnectionStrings, restarted);
        Assert.NotEqual(pidBefore, cluster.PostmasterPid());
        await using var connection = new NpgsqlConnection(restarted.App);
        await connection.OpenAsync();
    }

    private async Task<T?> SuperuserScalarAsync<T>(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionStrings.Superuser);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(parameter);
        return (T?)await command.ExecuteScalarAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
