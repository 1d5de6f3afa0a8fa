using System.Net;
using Alliances.Api.Infrastructure.Database;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Catalog;
using Alliances.Tenancy.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliances.Api.Tests.Isolation;

/// <summary>
/// The API with an application pool of exactly one connection, so tenant requests, catalog lookups and platform
/// queries all share one backend. Services that hold an application connection for ever (LISTEN) would take that
/// only connection (see <see cref="PoolSizeShould"/>), so the catalog change listener gets a pool of its own here and
/// the webhook dispatcher, which is not under test, is switched off.
/// </summary>
public sealed class PoolOfOneApiFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Alliances"] = new NpgsqlConnectionStringBuilder(Database.App) { MaxPoolSize = 1 }.ConnectionString,
        ["Alliances:Webhooks:RunDispatcher"] = "false",
    };

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton(_ => new ListenerDataSource(new AppDataSource(DatabaseSetup.BuildDataSource(Database.App, "alliances-api-listener"))));
        services.AddSingleton(sp => new CatalogChangeListener(
            sp.GetRequiredService<ListenerDataSource>().Source,
            sp.GetRequiredService<CachedAllianceCatalog>(),
            sp.GetRequiredService<ILogger<CatalogChangeListener>>()));
    }

    /// <summary>A separate pool for the LISTEN connection, disposed with the host.</summary>
    public sealed class ListenerDataSource(AppDataSource source) : IAsyncDisposable
    {
        public AppDataSource Source { get; } = source;

        public ValueTask DisposeAsync() => Source.DisposeAsync();
    }
}

/// <summary>
/// The API exactly as configured in production, with an application pool of one connection and a short acquisition
/// timeout, so that a starved pool shows up in two seconds instead of fifteen.
/// </summary>
public sealed class PoolOfOneWithDefaultServicesApiFactory : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Alliances"] = new NpgsqlConnectionStringBuilder(Database.App) { MaxPoolSize = 1, Timeout = 2 }.ConnectionString,
    };
}

/// <summary>
/// <c>Maximum Pool Size</c> is what operators cap per instance (docs/architecture.md, tenancy rule 7). Background LISTEN loops (the catalog
/// change listener, the webhook dispatcher) each keep one connection of the application pool for ever, so requests get
/// fewer connections than configured, and none at all when the cap is at most the number of such loops.
/// </summary>
public sealed class PoolSizeShould(PoolOfOneWithDefaultServicesApiFactory api) : IClassFixture<PoolOfOneWithDefaultServicesApiFactory>
{
    [Fact]
    public async Task ServeAllianceRequests_WithAPoolOfOne_WhileBackgroundListenersRun()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain);
        using var response = await client.GetAsync("/v1/alliance");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"With Maximum Pool Size=1 an alliance request got {(int)response.StatusCode} {text}: a LISTEN loop " +
            "(CatalogChangeListener, WebhookDispatcher) holds the application pool's only connection.");
    }
}

public sealed class PoolOfOneShould(PoolOfOneApiFactory api) : IClassFixture<PoolOfOneApiFactory>
{
    [Fact]
    public async Task RunPlatformQueriesAsTheLoginRole_OnTheConnectionATenantRequestJustUsed()
    {
        var pool = api.Services.GetRequiredService<AppDataSource>().DataSource;
        Assert.Equal(1, new NpgsqlConnectionStringBuilder(pool.ConnectionString).MaxPoolSize);
        var alliances = await Task.WhenAll(api.ClaimAsync(), api.ClaimAsync());

        int pid;
        (string User, string SearchPath) login;
        await using (var connection = await pool.OpenConnectionAsync())
        {
            pid = connection.ProcessID;
            login = await IsolationDb.SessionAsync(connection);
        }

        Assert.Equal(IsolationDb.LoginRole(api.Database), login.User);
        using var platform = api.Platform();
        foreach (var alliance in alliances.Concat(alliances))
        {
            using (var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey))
            using (var tenantRequest = await client.GetAsync("/v1/api-keys"))
            {
                Assert.Single((await tenantRequest.ReadJsonAsync()).GetProperty("items").EnumerateArray());
            }

            await AssertLastQueryOnBackendAsync(pid, "api_keys");

            // A platform query straight on the pool's only connection: it must run as the login role, not the alliance's.
            await using (var connection = await pool.OpenConnectionAsync())
            {
                Assert.Equal(pid, connection.ProcessID);
                var session = await IsolationDb.SessionAsync(connection);
                Assert.True(session == login,
                    $"After a request for {alliance.Subdomain} the pooled connection runs as {session.User} with search_path {session.SearchPath}.");
                await using var catalog = new NpgsqlCommand("SELECT count(*) FROM platform.alliances WHERE id = $1", connection)
                {
                    Parameters = { new() { Value = alliance.Id } },
                };
                Assert.Equal(1L, await catalog.ExecuteScalarAsync());
            }

            // And through the app: the directory is read as the login role (an alliance role may not read the catalog).
            using (var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey))
            using (var tenantRequest = await client.GetAsync("/v1/api-keys"))
            {
                await tenantRequest.ReadJsonAsync();
            }

            using var directory = await platform.GetAsync("/v1/alliances?limit=1");
            await directory.ReadJsonAsync(HttpStatusCode.OK);
        }
    }

    /// <summary>
    /// When a superuser connection is available, proves the tenant request really ran on that backend: its last
    /// statement (pg_stat_activity.query) is the tenant query. Npgsql's reset is only sent with the next statement.
    /// </summary>
    private async Task AssertLastQueryOnBackendAsync(int pid, string expected)
    {
        if (api.Database.Superuser is null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(api.Database.Superuser);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT query FROM pg_stat_activity WHERE pid = $1", connection)
        {
            Parameters = { new() { Value = pid } },
        };
        var query = (string?)await command.ExecuteScalarAsync();
        Assert.True(query?.Contains(expected, StringComparison.Ordinal) == true,
            $"Backend {pid} last ran `{query}`, not the tenant request's query: the request used another connection.");
    }
}
