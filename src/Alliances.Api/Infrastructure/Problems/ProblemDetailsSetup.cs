using System.Diagnostics;
using Alliances.Tenancy.Context;

namespace Alliances.Api.Infrastructure.Problems;

/// <summary>Every error is RFC 9457 problem+json with a stable type and the trace id, whichever component produced it.</summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddAlliancesProblemDetails(this IServiceCollection services)
    {
        // Registered before AddProblemDetails so it is the first writer asked, and always the one that answers.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
            {
                problem.Type = ProblemTypes.ForStatus(status);
            }

            problem.Detail ??= status switch
            {
                404 => "No resource exists at this path.",
                413 => "Request bodies are limited to 1 MiB.",
                405 => "This path does not accept the " + context.HttpContext.Request.Method + " method; see the Allow header.",
                415 => "Send the body as application/json.",
                _ => null,
            };
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            problem.Extensions.Remove("requestId");
        });
        services.AddExceptionHandler<DeletedAllianceExceptionHandler>(); // before the general one: it claims only its own case
        services.AddExceptionHandler<ApiExceptionHandler>();
        return services;
    }

    /// <summary>
    /// Exception handler first, so nothing escapes as an HTML page or a stack trace, even in Development; then status
    /// code pages, which give bodies to bare 404/405/415 responses produced by routing and model binding.
    /// </summary>
    public static WebApplication UseAlliancesProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }

    /// <summary>The alliance label for log scopes, or "-" on the platform host.</summary>
    internal static string AllianceOf(HttpContext context) =>
        context.RequestServices.GetService<ITenantContextAccessor>()?.Current?.Subdomain ?? "-";
}
