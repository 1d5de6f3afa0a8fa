using System.Globalization;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alliances.Tenancy.Resolution;

/// <summary>
/// Runs after routing: resolves the request's host, answers every non-resolved outcome with problem+json, binds the
/// request's scope to the alliance, and keeps platform routes off alliance hosts and vice versa (both answer 404, so a
/// route's existence on the other kind of host is not revealed). Endpoints scoped to <see cref="HostScope.Any"/> skip it.
/// </summary>
public sealed class TenantResolutionMiddleware(
    RequestDelegate next,
    TenantResolver resolver,
    IProblemDetailsService problems,
    IOptions<TenancyOptions> options,
    HostRouteIndex routes,
    ILogger<TenantResolutionMiddleware> logger)
{
    private readonly string _retryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    public async Task InvokeAsync(HttpContext context, TenantContextHolder holder)
    {
        var endpoint = context.GetEndpoint();
        var scope = endpoint?.Metadata.GetMetadata<HostScopeMetadata>()?.Scope;
        if (scope == HostScope.Any)
        {
            await next(context);
            return;
        }

        var resolution = await resolver.ResolveAsync(context.Request.Headers.Host.ToString(), context.RequestAborted);
        switch (resolution.Outcome)
        {
            case TenantResolutionOutcome.Platform when IsRejectionForOtherHost(endpoint, HostScope.Platform, context.Request.Path):
            case TenantResolutionOutcome.Resolved when IsRejectionForOtherHost(endpoint, HostScope.Alliance, context.Request.Path):
                await WriteAsync(context, 404, TenancyProblems.NotFound, "Not found", "No resource exists at this path.");
                return;
            case TenantResolutionOutcome.Platform when scope != HostScope.Alliance:
                await next(context);
                return;
            case TenantResolutionOutcome.Platform:
                await WriteAsync(context, 404, TenancyProblems.NotFound, "Not found",
                    "This route is served on an alliance's host, e.g. https://{alliance}.{apex}" + context.Request.Path + ".");
                return;
            case TenantResolutionOutcome.Resolved when scope == HostScope.Platform:
                await WriteAsync(context, 404, TenancyProblems.NotFound, "Not found", "This route is served on the platform host (the apex).");
                return;
            case TenantResolutionOutcome.Resolved:
                holder.Set(resolution.Tenant!);
                using (logger.BeginScope(new AllianceLogScope(resolution.Tenant!.Subdomain)))
                {
                    await next(context);
                }

                return;
            case TenantResolutionOutcome.RejectedHost:
                await WriteAsync(context, 400, TenancyProblems.InvalidHost, "Invalid host",
                    $"The Host header is not served here ({resolution.Reason}). Use the apex or one label under it.");
                return;
            case TenantResolutionOutcome.NotFound:
                await WriteAsync(context, 404, TenancyProblems.AllianceNotFound, "Alliance not found",
                    "No alliance has claimed this sub-domain.");
                return;
            case TenantResolutionOutcome.Suspended:
                await WriteAsync(context, 403, TenancyProblems.AllianceSuspended, "Alliance suspended",
                    "This alliance has been suspended by the platform operator.");
                return;
            case TenantResolutionOutcome.Provisioning:
                context.Response.Headers.RetryAfter = _retryAfter;
                await WriteAsync(context, 503, TenancyProblems.AllianceProvisioning, "Alliance provisioning",
                    "This alliance is still being set up. Retry shortly.");
                return;
            default:
                context.Response.Headers.RetryAfter = _retryAfter;
                await WriteAsync(context, 503, TenancyProblems.CatalogUnavailable, "Service unavailable",
                    "The alliance catalog cannot be reached. Retry shortly.");
                return;
        }
    }

    // Routing's 405/415 endpoints are plain endpoints; one for a path this host does not serve must look like a 404.
    private bool IsRejectionForOtherHost(Endpoint? endpoint, HostScope hostScope, PathString path) =>
        endpoint is not null and not RouteEndpoint && !routes.HasPath(hostScope, path);

    private async Task WriteAsync(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        });
    }

    // A log scope that renders as "Alliance:seattle" and exposes the label as a structured property.
    private sealed class AllianceLogScope(string subdomain) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public int Count => 1;

        public KeyValuePair<string, object> this[int index] =>
            index == 0 ? new("Alliance", subdomain) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "Alliance:" + subdomain;
    }
}
