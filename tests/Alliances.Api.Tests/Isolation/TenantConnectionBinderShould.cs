using Alliances.Api.Data;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Naming;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliances.Api.Tests.Isolation;

/// <summary>
/// <c>TenantConnectionBinder</c> itself, through a real tenant DbContext (issue #16): every synchronous EF path binds
/// as the asynchronous ones do, and a binding that fails leaves the connection unbound, so nothing runs on it as the
/// login role. A pool of one connection, so "the same connection later" is certain, not likely.
/// </summary>
public sealed class TenantConnectionBinderShould(PoolOfOneApiFactory api) : IClassFixture<PoolOfOneApiFactory>
{
    private const string UndefinedRole = "22023"; // SET ROLE to a role that does not exist: invalid_parameter_value
    private const string SessionSql = "SELECT current_user::text || ' ' || current_setting('search_path') AS \"Value\"";

    public static TheoryData<string> SynchronousCalls => new() { "batched query", "query", "non-query", "scalar", "transaction" };

    [Theory]
    [MemberData(nameof(SynchronousCalls))]
    public async Task BindSearchPathAndRole_OnSynchronousEfCalls(string call)
    {
        var tenant = await TenantAsync();
        await using var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(tenant);
        var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();

        var session = call switch
        {
            // The first SELECT on a fresh connection: the binding goes in its batch (ReaderExecuting).
            "batched query" => db.Database.SqlQueryRaw<string>(SessionSql).ToList().Single(),
            // A reader that is not a plain SELECT: the binding is sent on its own first (ReaderExecuting, then Bind).
            "query" => db.Database.SqlQueryRaw<string>("WITH s AS (SELECT 1) " + SessionSql + " FROM s").ToList().Single(),
            "non-query" => NonQuery(db),
            "scalar" => (string)db.GetService<IRawSqlCommandBuilder>().Build(SessionSql).ExecuteScalar(new RelationalCommandParameterObject(
                db.GetService<IRelationalConnection>(), null, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>()))!,
            "transaction" => InTransaction(db),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        Assert.Equal($"{tenant.RoleName} {tenant.SchemaName}", IsolationDb.Unquoted(session));
    }

    [Fact]
    public async Task ThrowNoTenantContext_WhenASynchronousCallOpensAConnectionWithoutAnAlliance()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();

        Assert.Throws<NoTenantContextException>(() => db.Database.OpenConnection());
        Assert.Throws<NoTenantContextException>(() => db.ApiKeys.ToList());
    }

    [Fact]
    public async Task NeverRunACommandUnbound_AfterTheBindingFailed_AndBindTheConnectionsNextUserCorrectly()
    {
        var tenant = await TenantAsync();
        // The alliance's schema with a role that does not exist (as after a drop): SET ROLE fails.
        var broken = tenant with { RoleName = TenantDatabaseName.For(Guid.NewGuid()) };
        int pid;
        await using (var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(broken))
        {
            var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();
            // Held open, so EF does not close (and the pool does not reset) the connection between the commands below.
            await db.Database.OpenConnectionAsync();
            pid = ((NpgsqlConnection)db.Database.GetDbConnection()).ProcessID;

            var first = await Record.ExceptionAsync(() => db.Database.SqlQueryRaw<string>(SessionSql).ToListAsync());
            AssertUndefinedRole(first, "the first query");

            // The binding failed; had the connection been marked bound anyway, these would run as the login role.
            var query = await Record.ExceptionAsync(() => db.Database.SqlQueryRaw<string>(SessionSql).ToListAsync());
            AssertUndefinedRole(query, "a second query on the same connection");
            var write = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("SELECT set_config('application_name', current_user, false)"));
            AssertUndefinedRole(write, "a statement on the same connection");
            var transaction = await Record.ExceptionAsync(() => db.Database.BeginTransactionAsync());
            AssertUndefinedRole(transaction, "a transaction on the same connection");
        }

        // The pool's only connection, reused by a healthy alliance: bound to it, not left as the login role.
        await using (var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();
            await db.Database.OpenConnectionAsync();
            Assert.Equal(pid, ((NpgsqlConnection)db.Database.GetDbConnection()).ProcessID);
            var session = Assert.Single(await db.Database.SqlQueryRaw<string>(SessionSql).ToListAsync());
            Assert.Equal($"{tenant.RoleName} {tenant.SchemaName}", IsolationDb.Unquoted(session));
            Assert.NotEmpty(await db.ApiKeys.ToListAsync());
        }
    }

    private static void AssertUndefinedRole(Exception? error, string what) =>
        Assert.True(error is PostgresException { SqlState: UndefinedRole },
            $"After a failed binding, {what} did not fail with the binding's error: " +
            (error is null ? "it ran, unbound, as the login role" : $"{error.GetType().Name}: {error.Message}"));

    /// <summary>A statement through EF on a connection held open, then the session read beside EF (no interceptor).</summary>
    private static string NonQuery(AllianceDbContext db)
    {
        db.Database.OpenConnection();
        db.Database.ExecuteSqlRaw("SELECT 1");
        return RawSession(db);
    }

    private static string InTransaction(AllianceDbContext db)
    {
        using var transaction = db.Database.BeginTransaction();
        return RawSession(db);
    }

    private static string RawSession(AllianceDbContext db)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = SessionSql;
        return (string)command.ExecuteScalar()!;
    }

    private async Task<TenantContext> TenantAsync() => await IsolationDb.TenantOfAsync(api.Database, await api.ClaimAsync());
}
