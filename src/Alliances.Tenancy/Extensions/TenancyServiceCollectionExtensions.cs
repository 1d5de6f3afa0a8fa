using Alliances.Tenancy.Binding;
using Alliances.Tenancy.Catalog;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Hosts;
using Alliances.Tenancy.Resolution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Alliances.Tenancy.Extensions;

/// <summary>Registers host resolution, the cached catalog, tenant context and connection binding.</summary>
public static class TenancyServiceCollectionExtensions
{
    /// <summary>
    /// Adds tenancy. The caller registers <see cref="Database.AppDataSource"/> (and, where needed,
    /// <see cref="Database.OwnerDataSource"/>); tenancy reads the catalog through the former.
    /// </summary>
    public static IServiceCollection AddAlliancesTenancy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.Section));
        services.AddSingleton(sp => new ApexDomain(sp.GetRequiredService<IOptions<TenancyOptions>>().Value.ApexDomain));
        services.AddSingleton<IAllianceCatalogStore, PostgresAllianceCatalogStore>();
        services.AddSingleton<CachedAllianceCatalog>();
        services.AddSingleton<CatalogChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogChangeListener>());
        services.AddSingleton<TenantResolver>();
        services.AddSingleton<Endpoints.HostRouteIndex>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Routing.MatcherPolicy, Endpoints.HostScopeMatcherPolicy>());
        services.AddSingleton<TenantScopeFactory>();
        services.AddScoped<TenantContextHolder>();
        services.AddScoped<ITenantContextAccessor>(sp => sp.GetRequiredService<TenantContextHolder>());
        services.AddSingleton<TenantConnectionBinder>();
        services.AddScoped<TenantBinding>();
        return services;
    }
}
