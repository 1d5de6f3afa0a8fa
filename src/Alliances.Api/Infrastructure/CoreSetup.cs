using System.Net;
using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Json;
using Alliances.Api.Infrastructure.Validation;
using Alliances.Tenancy;
using Alliances.Tenancy.Extensions;
using Microsoft.AspNetCore.HttpOverrides;

namespace Alliances.Api.Infrastructure;

/// <summary>Services every part of the API needs: tenancy, JSON rules, validation, the clock and the tenant schema scripts.</summary>
public static class CoreSetup
{
    public static IServiceCollection AddAlliancesCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAlliancesTenancy(configuration);
        services.AddAlliancesJson();
        services.AddAlliancesValidation();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TenantSchemaScripts>();
        services.AddSingleton<CanonicalUrls>();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // ASP.NET Core trusts loopback by default; we trust exactly the configured proxies and nothing else, so a
            // client cannot pick its alliance with X-Forwarded-Host.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var proxy in configuration.GetSection("Alliances:TrustedProxies").Get<string[]>() ?? [])
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    options.KnownProxies.Add(address);
                }
                else if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    options.KnownIPNetworks.Add(network);
                }
                else
                {
                    throw new InvalidOperationException($"Alliances:TrustedProxies has '{proxy}', which is neither an IP address nor a CIDR network.");
                }
            }

        });
        return services;
    }

    /// <summary>
    /// Forwarded headers only when proxies are configured. ASP.NET Core treats empty proxy lists as "trust every
    /// sender", so with none configured the middleware is left out entirely: a client then cannot choose its alliance
    /// with X-Forwarded-Host.
    /// </summary>
    public static WebApplication UseAlliancesForwardedHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetSection("Alliances:TrustedProxies").Get<string[]>() is { Length: > 0 })
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    public static WebApplicationBuilder AddAlliancesLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Scopes carry the trace id (from hosting) and the alliance (from tenant resolution) on every line.
        builder.Logging.AddSimpleConsole(options =>
        {
            options.IncludeScopes = true;
            options.SingleLine = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.UseUtcTimestamp = true;
        });
        // Hosting's "Request starting" line carries the full URL, query string included, and a key sent in a URL
        // must never reach a log. appsettings keeps that category at Warning, but a provider-specific level (say,
        // Logging:Console:LogLevel:Default=Debug) would override it, so the rule is repeated for every provider.
        builder.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            const string hosting = "Microsoft.AspNetCore.Hosting.Diagnostics";
            foreach (var provider in options.Rules.Select(r => r.ProviderName).Distinct().ToList())
            {
                options.Rules.Add(new LoggerFilterRule(provider, hosting, LogLevel.Warning, null));
            }
        });
        return builder;
    }
}
