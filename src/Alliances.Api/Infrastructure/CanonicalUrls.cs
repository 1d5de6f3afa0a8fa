using Alliances.Tenancy;
using Alliances.Tenancy.Context;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Infrastructure;

/// <summary>
/// The public URLs of the platform and of each alliance, built from configuration and never from the request's Host
/// or X-Forwarded-Host, so a client cannot make the API hand out links to a host of its choosing.
/// </summary>
public sealed class CanonicalUrls(IOptions<TenancyOptions> tenancy, IConfiguration configuration)
{
    private readonly string _scheme = configuration["Alliances:PublicScheme"] ?? "https";
    private readonly string _portSuffix = configuration["Alliances:PublicPort"] is { Length: > 0 } port ? ":" + port : "";
    private readonly string _apex = tenancy.Value.ApexDomain.TrimEnd('.').ToLowerInvariant();

    /// <summary>e.g. <c>https://seattle.alliances.dev</c>.</summary>
    public string Alliance(string subdomain) => $"{_scheme}://{subdomain}.{_apex}{_portSuffix}";

    /// <summary>e.g. <c>https://alliances.dev</c>.</summary>
    public string Platform() => $"{_scheme}://{_apex}{_portSuffix}";

    /// <summary>The public origin of the host serving <paramref name="http"/>: its alliance's, or the platform's.</summary>
    public string OriginOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.RequestServices.GetService<ITenantContextAccessor>()?.Current is { } tenant ? Alliance(tenant.Subdomain) : Platform();
    }
}

/// <summary>Public links in responses.</summary>
public static class AbsoluteLocations
{
    /// <summary>
    /// Makes a relative <c>Location</c> absolute on the public host just before the response starts, so every handler
    /// can say <c>Created("/v1/spaces/…")</c> and a client still gets a URL it can follow from anywhere. A stored
    /// idempotent response keeps the relative one and is made absolute the same way when replayed.
    /// </summary>
    public static IApplicationBuilder UseAbsoluteLocations(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var location = context.Response.Headers.Location.ToString();
                if (location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal))
                {
                    context.Response.Headers.Location = context.RequestServices.GetRequiredService<CanonicalUrls>().OriginOf(context) + location;
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
}
