using Alliances.Tenancy.Endpoints;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alliances.Api.Infrastructure.Health;

/// <summary><c>/healthz</c> says the process is alive (no I/O); <c>/readyz</c> says the database answers and the platform schema is in place.</summary>
public static class HealthSetup
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddAlliancesHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapAlliancesHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false })
            .OnEveryHostWithoutTenant().AllowAnonymous().ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes = { [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable, [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        }).OnEveryHostWithoutTenant().AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
