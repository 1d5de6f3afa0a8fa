using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Alliances.Api.Infrastructure.Problems;

namespace Alliances.Api.Infrastructure.Auth;

/// <summary>
/// Keys never travel in URLs: URLs end up in proxy logs, browser history and Referer headers. A request that tries
/// gets a 400 before anything else looks at it (the hosting log's request line is kept at Warning for the same reason).
/// </summary>
public sealed class KeyInQueryStringGuard(RequestDelegate next, IProblemDetailsService problems)
{
    private static readonly string[] SuspiciousNames = ["api_key", "apikey", "api-key", "key", "access_token", "token", "authorization"];

    public async Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            var looksLikeKey = SuspiciousNames.Contains(name, StringComparer.OrdinalIgnoreCase) ||
                values.Any(v => v?.Contains("alk_", StringComparison.Ordinal) == true);
            if (looksLikeKey)
            {
                context.Response.StatusCode = 400;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 400,
                        Type = ProblemTypes.KeyInQueryString,
                        Title = "API key in query string",
                        Detail = "API keys are accepted only in the Authorization header (Bearer). Revoke a key that was sent in a URL.",
                        // The instance is normally the path; here it is left out so nothing echoes the URL.
                        Instance = "",
                    },
                });
                return;
            }
        }

        await next(context);
    }
}

/// <summary>
/// A presented but invalid key is a 401 even on public routes: a client whose key was revoked should find out, not be
/// silently served as anonymous.
/// </summary>
public sealed class RejectInvalidCredentials(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // AuthenticateAsync, not IAuthenticateResultFeature: the middleware sets that feature only on success. The
        // result is cached per request by the handler, so this does not authenticate twice.
        var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        if (result.Failure is not null)
        {
            await context.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName);
            return;
        }

        await next(context);
    }
}

/// <summary>
/// Refuses to run an endpoint that declares neither a policy nor <c>AllowAnonymous</c>, so a route added without
/// thinking about access is closed, not open. Only route endpoints are checked: the 405/415 rejection endpoints that
/// routing generates are plain endpoints and only produce an error.
/// </summary>
public sealed partial class DeclaredPolicyGuard(RequestDelegate next, ILogger<DeclaredPolicyGuard> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is RouteEndpoint && !DeclaresAccess(endpoint))
        {
            LogUndeclared(logger, endpoint.DisplayName);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return next(context);
    }

    public static bool DeclaresAccess(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Endpoint {Endpoint} declares no authorization policy; refusing it")]
    private static partial void LogUndeclared(ILogger logger, string? endpoint);
}
