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
            ResponseWriter = WriteReadinessAsync,
        }).OnEveryHostWithoutTenant().AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// "Healthy" as plain text when ready; otherwise a 503 problem+json with Retry-After, like every other 503 of the API,
    /// so a load balancer or a client that reads it learns when to look again.
    /// </summary>
    private static async Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("Healthy");
            return;
        }

        context.Response.Headers.RetryAfter = "5";
        var detail = string.Join(" ", report.Entries.Values.Select(e => e.Description).Where(d => !string.IsNullOrEmpty(d)));
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = Problems.ProblemTypes.DatabaseUnavailable,
                Title = "Not ready",
                Detail = detail.Length > 0 ? detail : "The API is not ready to serve requests.",
            },
        });
    }
}
