using Alliances.Tenancy.Hosts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace Alliances.Tenancy.Endpoints;

/// <summary>
/// Lets the apex and alliance hosts serve different endpoints at the same path (<c>/</c> is the directory on the apex
/// and the alliance's home page on its host). Only when the candidates of one request include both a platform and an
/// alliance endpoint does it keep those of the request's kind of host; every other request is left to the resolution
/// middleware exactly as before. A rejected host keeps the platform candidate, which the middleware then answers 400.
/// </summary>
public sealed class HostScopeMatcherPolicy(ApexDomain apex) : MatcherPolicy, IEndpointSelectorPolicy
{
    // After the HTTP method policy, so 405s are computed as usual; the order only matters relative to other policies.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        bool platform = false, alliance = false;
        foreach (var endpoint in endpoints)
        {
            switch (endpoint.Metadata.GetMetadata<HostScopeMetadata>()?.Scope)
            {
                case HostScope.Platform:
                    platform = true;
                    break;
                case HostScope.Alliance:
                    alliance = true;
                    break;
            }
        }

        return platform && alliance;
    }

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(candidates);
        bool platform = false, alliance = false;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i))
            {
                var scope = candidates[i].Endpoint.Metadata.GetMetadata<HostScopeMetadata>()?.Scope;
                platform |= scope == HostScope.Platform;
                alliance |= scope == HostScope.Alliance;
            }
        }

        if (!(platform && alliance))
        {
            return Task.CompletedTask;
        }

        var keep = apex.ClassifyRaw(httpContext.Request.Headers.Host.ToString()).IsAlliance ? HostScope.Alliance : HostScope.Platform;
        for (var i = 0; i < candidates.Count; i++)
        {
            var scope = candidates[i].Endpoint.Metadata.GetMetadata<HostScopeMetadata>()?.Scope;
            if (scope is HostScope.Platform or HostScope.Alliance && scope != keep)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
