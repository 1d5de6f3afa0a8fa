using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Alliances.Api.Tests.Isolation;

/// <summary>Keeps <see cref="TenantRoutes"/> in step with the app, so a new alliance route cannot skip the isolation tests.</summary>
public sealed class RouteCoverageShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public void ListEveryAllianceHostRoute_InTheIsolationRouteTable()
    {
        var served = AllianceHostRoutes(api);
        var tabled = TenantRoutes.All.Select(r => r.ToString()).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(served);
        var missing = served.Except(tabled).Order(StringComparer.Ordinal).ToArray();
        Assert.True(missing.Length == 0,
            "These alliance-host routes have no isolation coverage; add one line each to Isolation/TenantRoutes.cs:\n  " +
            string.Join("\n  ", missing));
    }

    [Fact]
    public void ListNoRouteTheAppDoesNotServe_InTheIsolationRouteTable()
    {
        var served = AllianceHostRoutes(api);
        var stale = TenantRoutes.All.Select(r => r.ToString()).Where(r => !served.Contains(r)).ToArray();
        Assert.True(stale.Length == 0,
            "Isolation/TenantRoutes.cs lists routes the app does not serve on alliance hosts (renamed or removed?):\n  " +
            string.Join("\n  ", stale) + "\nServed: " + string.Join(", ", served.Order(StringComparer.Ordinal)));
        Assert.Equal(TenantRoutes.All.Count, TenantRoutes.All.Select(r => r.ToString()).Distinct().Count());
    }

    /// <summary>"METHOD pattern" for every endpoint whose host scope is Alliance, one entry per HTTP method.</summary>
    private static HashSet<string> AllianceHostRoutes(ApiFactory api)
    {
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<HostScopeMetadata>()?.Scope != HostScope.Alliance)
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            // A route without method metadata answers every method: it must be listed as "*".
            foreach (var method in methods is { Count: > 0 } ? methods : ["*"])
            {
                routes.Add(method + " " + endpoint.RoutePattern.RawText);
            }
        }

        return routes;
    }
}
