using Alliances.Tenancy;
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
}
