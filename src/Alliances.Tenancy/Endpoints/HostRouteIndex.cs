using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Alliances.Tenancy.Endpoints;

/// <summary>
/// Which paths exist on each kind of host. Routing computes 405 from every route with a matching path, whatever host
/// it belongs to (host constraints are applied after the method check), so without this a wrong method on the apex
/// would answer 405 with an Allow header describing an alliance route, revealing it. The middleware uses the index
/// to turn such a 405 into the 404 the host would give for a path it does not serve.
/// </summary>
public sealed class HostRouteIndex(EndpointDataSource endpoints)
{
    private readonly Lazy<IReadOnlyList<(HostScope Scope, TemplateMatcher Matcher)>> _routes = new(() => Build(endpoints));

    /// <summary>True when some route of <paramref name="scope"/> (or of every host) has a template matching the path.</summary>
    public bool HasPath(HostScope scope, PathString path)
    {
        var values = new RouteValueDictionary();
        foreach (var (routeScope, matcher) in _routes.Value)
        {
            if ((routeScope == scope || routeScope == HostScope.Any) && matcher.TryMatch(path, values))
            {
                return true;
            }

            values.Clear();
        }

        return false;
    }

    private static List<(HostScope, TemplateMatcher)> Build(EndpointDataSource endpoints)
    {
        var routes = new List<(HostScope, TemplateMatcher)>();
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var scope = endpoint.Metadata.GetMetadata<HostScopeMetadata>()?.Scope ?? HostScope.Any;
            var text = endpoint.RoutePattern.RawText;
            if (text is not null)
            {
                routes.Add((scope, new TemplateMatcher(TemplateParser.Parse(text.TrimStart('/')), new RouteValueDictionary())));
            }
        }

        return routes;
    }
}
