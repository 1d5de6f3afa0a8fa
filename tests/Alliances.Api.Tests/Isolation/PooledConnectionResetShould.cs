using Alliances.Api.Infrastructure.Database;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Context;
using Npgsql;

namespace Alliances.Api.Tests.Isolation;

/// <summary>
/// A physical connection bound to alliance A and returned to the pool must come back with neither A's role nor A's
/// search_path (docs/architecture.md, tenancy rules 2 and 4), whichever reset sequence Npgsql uses: DISCARD ALL, or, when the connection holds
/// prepared statements, SET SESSION AUTHORIZATION DEFAULT + RESET ALL. Pools are built by the app's own
/// <see cref="DatabaseSetup.BuildDataSource"/> with one connection, so every open reuses the same backend.
/// </summary>
public sealed class PooledConnectionResetShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string UndefinedTable = "42P01";

    [Fact]
    public async Task DropTheFirstAlliancesRoleAndSearchPath_WhenThePooledConnectionIsReused()
    {
        var (a, b) = await TwoAlliancesAsync();
        await using var pool = DatabaseSetup.BuildDataSource(PoolOfOne(), "isolation-reset-test");
        var (pid, login) = await BaselineAsync(pool);

        await using (var first = await pool.OpenConnectionAsync())
        {
            Assert.Equal(pid, first.ProcessID);
            await IsolationDb.BindAsync(first, a);
            IsolationDb.AssertSameIds(await IsolationDb.RowIdsAsync(api.Database, a, "api_keys"), await KeyIdsAsync(first, prepare: false));
            Assert.Equal(a.RoleName, (await IsolationDb.SessionAsync(first)).User);
        }

        await AssertResetAndRebindAsync(pool, pid, login, a, b, prepare: false);
    }

    [Fact]
    public async Task DropTheFirstAlliancesRoleAndSearchPath_WhenTheReusedConnectionHoldsPreparedStatements()
    {
        var (a, b) = await TwoAlliancesAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(PoolOfOne()) { MaxAutoPrepare = 10 }.ConnectionString;
        await using var pool = DatabaseSetup.BuildDataSource(connectionString, "isolation-reset-prepared-test");
        var (pid, login) = await BaselineAsync(pool);

        await using (var first = await pool.OpenConnectionAsync())
        {
            Assert.Equal(pid, first.ProcessID);
            await IsolationDb.BindAsync(first, a);
            IsolationDb.AssertSameIds(await IsolationDb.RowIdsAsync(api.Database, a, "api_keys"), await KeyIdsAsync(first, prepare: true));
        }

        await using (var reused = await pool.OpenConnectionAsync())
        {
            // The statement prepared in A's session survived the return to the pool, so Npgsql took the reset path
            // that keeps prepared statements (no DISCARD ALL). That is the path under test here.
            Assert.Equal(pid, reused.ProcessID);
            await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements", reused);
            Assert.True((long)(await prepared.ExecuteScalarAsync())! > 0, "No prepared statement survived; the DISCARD ALL path ran instead.");

            // Re-running A's prepared statement with no tenant bound must not find A's table through a cached plan.
            var error = await Assert.ThrowsAsync<PostgresException>(() => KeyIdsAsync(reused, prepare: true));
            Assert.True(error.SqlState == UndefinedTable, $"A's prepared statement ran on the reset connection: {error.SqlState} {error.MessageText}");
        }

        await AssertResetAndRebindAsync(pool, pid, login, a, b, prepare: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NotLetAnAlliancesTempTableShadowTheNextAlliancesTable_OnAReusedConnection(bool withPreparedStatements)
    {
        var (a, b) = await TwoAlliancesAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(PoolOfOne()) { MaxAutoPrepare = withPreparedStatements ? 10 : 0 }.ConnectionString;
        await using var pool = DatabaseSetup.BuildDataSource(connectionString, "isolation-temp-table-test");
        var (pid, _) = await BaselineAsync(pool);

        await using (var first = await pool.OpenConnectionAsync())
        {
            await IsolationDb.BindAsync(first, a);
            // pg_temp is searched before the search_path, so a temp table named like a tenant table shadows it.
            await using var shadow = new NpgsqlCommand("CREATE TEMP TABLE api_keys AS SELECT * FROM api_keys", first);
            await shadow.ExecuteNonQueryAsync();
            IsolationDb.AssertSameIds(await IsolationDb.RowIdsAsync(api.Database, a, "api_keys"), await KeyIdsAsync(first, withPreparedStatements));
        }

        await using (var reused = await pool.OpenConnectionAsync())
        {
            Assert.Equal(pid, reused.ProcessID);
            await IsolationDb.BindAsync(reused, b);
            await using var temp = new NpgsqlCommand("SELECT to_regclass('pg_temp.api_keys') IS NULL", reused);
            Assert.True((bool)(await temp.ExecuteScalarAsync())!, "A's temp table survived the return to the pool.");
            IsolationDb.AssertSameIds(await IsolationDb.RowIdsAsync(api.Database, b, "api_keys"), await KeyIdsAsync(reused, withPreparedStatements),
                "B's session on the reused connection");
        }
    }

    private async Task AssertResetAndRebindAsync(NpgsqlDataSource pool, int pid, (string User, string SearchPath) login,
        TenantContext a, TenantContext b, bool prepare)
    {
        await using (var reused = await pool.OpenConnectionAsync())
        {
            Assert.Equal(pid, reused.ProcessID);
            var session = await IsolationDb.SessionAsync(reused);
            Assert.True(session == login,
                $"The reused connection kept state: current_user={session.User}, search_path={session.SearchPath}; " +
                $"expected {login.User} / {login.SearchPath} (A was {a.RoleName}).");
            Assert.DoesNotContain(a.SchemaName, session.SearchPath, StringComparison.Ordinal);
            var error = await Assert.ThrowsAsync<PostgresException>(() => KeyIdsAsync(reused, prepare: false));
            Assert.Equal(UndefinedTable, error.SqlState);

            await IsolationDb.BindAsync(reused, b);
            var bound = await IsolationDb.SessionAsync(reused);
            Assert.Equal(b.RoleName, bound.User);
            Assert.Equal(b.SchemaName, IsolationDb.Unquoted(bound.SearchPath));
            // The same SQL text (prepared in A's session when prepare is true) now reads B's rows and only those.
            IsolationDb.AssertSameIds(await IsolationDb.RowIdsAsync(api.Database, b, "api_keys"), await KeyIdsAsync(reused, prepare));
        }

        await using (var again = await pool.OpenConnectionAsync())
        {
            Assert.Equal(pid, again.ProcessID);
            Assert.Equal(login, await IsolationDb.SessionAsync(again));
        }
    }

    /// <summary>The login role's session as a fresh physical connection has it, before any alliance touched it.</summary>
    private async Task<(int Pid, (string User, string SearchPath) Login)> BaselineAsync(NpgsqlDataSource pool)
    {
        await using var connection = await pool.OpenConnectionAsync();
        var login = await IsolationDb.SessionAsync(connection);
        Assert.Equal(IsolationDb.LoginRole(api.Database), login.User);
        return (connection.ProcessID, login);
    }

    private string PoolOfOne() => new NpgsqlConnectionStringBuilder(api.Database.App) { MaxPoolSize = 1 }.ConnectionString;

    private static async Task<HashSet<Guid>> KeyIdsAsync(NpgsqlConnection connection, bool prepare)
    {
        await using var command = new NpgsqlCommand("SELECT id FROM api_keys ORDER BY id", connection);
        if (prepare)
        {
            await command.PrepareAsync();
        }

        var ids = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task<(TenantContext A, TenantContext B)> TwoAlliancesAsync()
    {
        var claims = await Task.WhenAll(api.ClaimAsync(), api.ClaimAsync());
        return (await IsolationDb.TenantOfAsync(api.Database, claims[0]), await IsolationDb.TenantOfAsync(api.Database, claims[1]));
    }
}
