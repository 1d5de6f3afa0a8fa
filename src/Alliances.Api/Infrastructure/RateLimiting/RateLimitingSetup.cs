using System.Threading.RateLimiting;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// Per-alliance, per-key rate limits with ASP.NET Core's limiter (<see cref="AllianceRateLimiter"/>). Runs after
/// authentication, because the partition is the key; a key already throttled in this window, or an alliance over its
/// ceiling, is turned away before authentication, so a flood of rejections costs no database round trips. Rejections are 429 problem+json with <c>Retry-After</c> (never the default 503), and every limited response
/// carries the IETF draft headers <c>RateLimit-Policy</c> and <c>RateLimit</c>.
/// </summary>
public static class RateLimitingSetup
{
    /// <summary>An <see cref="HttpContext.Items"/> key: the request was let through by the limiter (and counted).</summary>
    private static readonly object CountedByLimiter = new();

    public static IServiceCollection AddAlliancesRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<AllianceRateLimiter>();
        services.AddSingleton<ThrottledKeys>();
        services.AddSingleton<ThrottledAlliances>();
        services.AddSingleton<ThrottledAddresses>();
        services.AddRateLimiter(_ => { });
        // The exception handler clears the response's headers before it writes the 500, and with them the limit
        // headers of a request the limiter counted; every problem written after that point gets them back.
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var customize = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                var http = context.HttpContext;
                if (http.Items.ContainsKey(CountedByLimiter) && !http.Response.Headers.ContainsKey("RateLimit") && !http.Response.HasStarted)
                {
                    http.RequestServices.GetRequiredService<AllianceRateLimiter>().WriteHeaders(http);
                }
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<AllianceRateLimiter>((options, limiter) =>
        {
            options.GlobalLimiter = limiter.Limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>
    /// Before authentication: an alliance over its ceiling, and the keys already throttled in this window, are turned
    /// away without a database round trip (<see cref="ThrottleBeforeAuthentication"/>).
    /// </summary>
    public static IApplicationBuilder UseThrottleBeforeAuthentication(this IApplicationBuilder app) =>
        app.UseMiddleware<ThrottleBeforeAuthentication>();

    /// <summary>The limiter, then the headers on every response it let through.</summary>
    public static IApplicationBuilder UseAlliancesRateLimiting(this IApplicationBuilder app)
    {
        app.UseRateLimiter();
        return app.UseMiddleware<RateLimitHeaders>();
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        var limiter = http.RequestServices.GetRequiredService<AllianceRateLimiter>();
        var rejectedBy = limiter.RejectedBy(http);
        // The rest of this window's requests with this key, on this alliance, or with any key from this address after
        // too many failed ones, are turned away before authentication.
        if (rejectedBy is { Policy: RequestPartition.FailedAuthPolicy } failed)
        {
            var clock = http.RequestServices.GetRequiredService<TimeProvider>();
            http.RequestServices.GetRequiredService<ThrottledAddresses>()
                .Remember(failed.Client, AlignedWindowLimiter.WindowEnd(limiter.LimitFor(failed.Policy), clock.GetUtcNow()));
        }
        else if (rejectedBy is { } partition && http.RequestServices.GetRequiredService<ITenantContextAccessor>().Current is { } tenant)
        {
            var clock = http.RequestServices.GetRequiredService<TimeProvider>();
            var windowEnd = AlignedWindowLimiter.WindowEnd(limiter.LimitFor(partition.Policy), clock.GetUtcNow());
            if (partition.Policy == RequestPartition.AlliancePolicy)
            {
                http.RequestServices.GetRequiredService<ThrottledAlliances>().Remember(tenant.AllianceId, windowEnd);
            }
            else if (partition.Policy == RequestPartition.KeyPolicy && http.Features.Get<PresentedKeyHash>() is { } hash)
            {
                http.RequestServices.GetRequiredService<ThrottledKeys>().Remember(tenant.AllianceId, hash.Value, windowEnd, partition);
            }
        }

        await TooManyRequests.WriteAsync(http, rejectedBy, seconds);
    }

    /// <summary>Adds the limit headers before the response starts, once the limiter has let the request through.</summary>
    private sealed class RateLimitHeaders(RequestDelegate next, AllianceRateLimiter limiter)
    {
        public Task InvokeAsync(HttpContext context)
        {
            context.Items[CountedByLimiter] = true;
            limiter.WriteHeaders(context);
            return next(context);
        }
    }
}
