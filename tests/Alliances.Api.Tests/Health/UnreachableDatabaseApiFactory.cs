using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Catalog;
using Alliances.Tenancy.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliances.Api.Tests.Health;

/// <summary>
/// The API with both connection strings pointing at a closed port, so every request that touches the database fails.
/// <para>
/// One exception: <see cref="ApiFactory"/> waits, when it starts, for the catalog change listener's first LISTEN. That
/// background listener gets its own pool on the real test database; it serves no request (it only evicts cache
/// entries on NOTIFY), and the request pools, the catalog store and the readiness check all use the closed port.
/// </para>
/// </summary>
public sealed class UnreachableDatabaseApiFactory : ApiFactory
{
    public const string ClosedPort = "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=x;Timeout=2";

    private const string ListenerPool = "catalog-listener-on-the-real-database";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Alliances"] = ClosedPort,
        ["ConnectionStrings:AlliancesOwner"] = ClosedPort,
    };

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        var realDatabase = Database.App;
        services.AddKeyedSingleton(ListenerPool, (_, _) => new AppDataSource(NpgsqlDataSource.Create(realDatabase)));
        services.AddSingleton(sp => new CatalogChangeListener(
            sp.GetRequiredKeyedService<AppDataSource>(ListenerPool),
            sp.GetRequiredService<CachedAllianceCatalog>(),
            sp.GetRequiredService<ILogger<CatalogChangeListener>>()));
    }
}
