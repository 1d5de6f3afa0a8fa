using Alliances.Api.Data;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Context;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliances.Api.Tests.Isolation;

/// <summary>
/// Defence in depth in PostgreSQL itself: even SQL that names another alliance's schema, or runs with no alliance at
/// all, must fail rather than read data. Raw Npgsql as the application login role, bound exactly as the app binds.
/// </summary>
public sealed class DatabaseIsolationShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string InsufficientPrivilege = "42501";
    private const string UndefinedTable = "42P01";

    [Fact]
    public async Task DenyPermission_WhenSqlInOneAlliancesContextNamesAnotherAlliancesSchema()
    {
        var (a, b) = await TwoAlliancesAsync();
        await using var connection = await IsolationDb.OpenAppAsync(api.Database);
        await IsolationDb.BindAsync(connection, a);

        // Control: the bound session does reach its own tables, unqualified and qualified.
        Assert.True(await CountAsync(connection, "SELECT count(*) FROM api_keys") >= 1);
        Assert.True(await CountAsync(connection, $"SELECT count(*) FROM \"{a.SchemaName}\".api_keys") >= 1);

        var error = await IsolationDb.ErrorOfAsync(connection, $"SELECT * FROM \"{b.SchemaName}\".api_keys");
        Assert.True(error.SqlState == InsufficientPrivilege, $"Expected 42501 reading B's schema as A, got {error.SqlState}: {error.MessageText}");
        Assert.Contains("permission denied", error.MessageText, StringComparison.Ordinal);

        var write = await IsolationDb.ErrorOfAsync(connection, $"DELETE FROM \"{b.SchemaName}\".api_keys");
        Assert.Equal(InsufficientPrivilege, write.SqlState);
    }

    [Fact]
    public async Task DenyPermission_WhenAnAlliancesRoleReadsThePlatformCatalog()
    {
        var (a, _) = await TwoAlliancesAsync();
        await using var connection = await IsolationDb.OpenAppAsync(api.Database);
        await IsolationDb.BindAsync(connection, a);

        var error = await IsolationDb.ErrorOfAsync(connection, "SELECT subdomain, schema_name FROM platform.alliances");
        Assert.True(error.SqlState == InsufficientPrivilege,
            $"A tenant session can read the catalog of all alliances: {error.SqlState} {error.MessageText}");
    }

    [Fact]
    public async Task FailWithUndefinedTable_WhenUnqualifiedSqlRunsWithoutAnAlliance()
    {
        await TwoAlliancesAsync();
        await using var connection = await IsolationDb.OpenAppAsync(api.Database);

        var error = await IsolationDb.ErrorOfAsync(connection, "SELECT * FROM api_keys");
        Assert.True(error.SqlState == UndefinedTable, $"Expected 42P01 without a tenant, got {error.SqlState}: {error.MessageText}");
    }

    [Fact]
    public async Task DenyPermission_WhenTheLoginRoleNamesAnAlliancesSchemaBeforeSetRole()
    {
        var (a, _) = await TwoAlliancesAsync();
        await using var connection = await IsolationDb.OpenAppAsync(api.Database);
        var (user, _) = await IsolationDb.SessionAsync(connection);
        Assert.Equal(IsolationDb.LoginRole(api.Database), user);

        // NOINHERIT: membership of every alliance role gives the login role no privileges until it runs SET ROLE.
        var error = await IsolationDb.ErrorOfAsync(connection, $"SELECT * FROM \"{a.SchemaName}\".api_keys");
        Assert.True(error.SqlState == InsufficientPrivilege,
            $"The login role reads an alliance's schema without SET ROLE: {error.SqlState} {error.MessageText}");
    }

    [Fact]
    public async Task ThrowNoTenantContext_WhenTheDbContextIsQueriedOutsideAnAlliance()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();

        await Assert.ThrowsAsync<NoTenantContextException>(() => db.ApiKeys.ToListAsync());
    }

    [Fact]
    public async Task KeepThrowingNoTenantContext_OnEveryLaterQueryOfTheSameDbContext()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();
        await Assert.ThrowsAsync<NoTenantContextException>(() => db.ApiKeys.ToListAsync());

        // The binder threw after the physical connection was opened. If EF keeps that connection open, the next query
        // skips the binder and reaches PostgreSQL unbound: only the empty search_path (42P01) then stands in the way.
        var second = await Record.ExceptionAsync(() => db.ApiKeys.CountAsync());
        Assert.True(second is NoTenantContextException,
            "The second query of a DbContext with no alliance ran against the database on an unbound connection " +
            $"(TenantConnectionBinder left it open): {second?.GetType().Name}: {second?.Message}");
        Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
    }

    [Fact]
    public async Task ReadOnlyTheScopesAlliance_ThroughExplicitTenantScopes_AndNeverSwitchAScopesAlliance()
    {
        var (a, b) = await TwoAlliancesAsync();
        var scopes = api.Services.GetRequiredService<TenantScopeFactory>();

        foreach (var tenant in new[] { a, b, a })
        {
            await using var scope = scopes.Begin(tenant);
            var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();
            var ids = (await db.ApiKeys.Select(k => k.Id).ToListAsync()).ToHashSet();
            Assert.True(ids.SetEquals(await IsolationDb.RowIdsAsync(api.Database, tenant, "api_keys")),
                $"A scope bound to {tenant.Subdomain} read [{string.Join(", ", ids)}].");

            var other = tenant == a ? b : a;
            Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<TenantContextHolder>().Set(other));
            Assert.Same(tenant, scope.ServiceProvider.GetRequiredService<ITenantContextAccessor>().Current);
        }
    }

    [Fact]
    public async Task ReadOnlyTheNewScopesAlliance_WhenThePooledDbContextOfAnotherAllianceIsReused()
    {
        var (a, b) = await TwoAlliancesAsync();
        var scopes = api.Services.GetRequiredService<TenantScopeFactory>();
        var seen = new HashSet<AllianceDbContext>(ReferenceEqualityComparer.Instance);
        var reused = 0;

        // Alternate alliances scope after scope. The DbContext is pooled, so one instance serves A, then B, then A …;
        // each time it must read the alliance of the scope that rented it, never the one it served before.
        for (var i = 0; i < 8; i++)
        {
            var tenant = i % 2 == 0 ? a : b;
            await using var scope = scopes.Begin(tenant);
            var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();
            reused += seen.Add(db) ? 0 : 1;
            var ids = (await db.ApiKeys.Select(k => k.Id).ToListAsync()).ToHashSet();
            Assert.True(ids.SetEquals(await IsolationDb.RowIdsAsync(api.Database, tenant, "api_keys")),
                $"Round {i}: a scope bound to {tenant.Subdomain} read [{string.Join(", ", ids)}].");
        }

        // The test only proves something when the pool did hand the same instance to another alliance.
        Assert.True(reused > 0, "No DbContext instance was reused across scopes; is the tenant DbContext still pooled?");
    }

    [Fact]
    public async Task FailClosed_WhenADbContextIsUsedAfterItsScopeHasEnded()
    {
        var (a, _) = await TwoAlliancesAsync();
        AllianceDbContext leaked;
        await using (var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(a))
        {
            leaked = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();
            Assert.NotEmpty(await leaked.ApiKeys.ToListAsync());
        }

        // A reference kept past its scope (a captured closure, a fire-and-forget task) must not keep reading A.
        var error = await Record.ExceptionAsync(() => leaked.ApiKeys.ToListAsync());
        Assert.True(error is ObjectDisposedException or NoTenantContextException,
            $"A DbContext used after its scope ended still ran a query: {error?.GetType().Name ?? "no exception"}.");
    }

    private async Task<(TenantContext A, TenantContext B)> TwoAlliancesAsync()
    {
        var claims = await Task.WhenAll(api.ClaimAsync(), api.ClaimAsync());
        return (await IsolationDb.TenantOfAsync(api.Database, claims[0]), await IsolationDb.TenantOfAsync(api.Database, claims[1]));
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
