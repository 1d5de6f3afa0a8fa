using System.Threading.RateLimiting;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// Per-alliance, per-key rate limits with ASP.NET Core's limiter. Runs after authentication, because the partition is
/// the key; a key already throttled in this window is turned away before authentication (<see cref="ThrottledKeys"/>),
/// so a flood of rejections costs no database round trips. Rejections are 429 problem+json with <c>Retry-After</c> (never the default 503), and every limited response
/// carries the IETF draft headers <c>RateLimit-Policy</c> and <c>RateLimit</c>.
/// </summary>
public static class RateLimitingSetup
{
    public static IServiceCollection AddAlliancesRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<AllianceRateLimiter>();
        services.AddSingleton<ThrottledKeys>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<AllianceRateLimiter>((options, limiter) =>
        {
            options.GlobalLimiter = limiter.Limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>
    /// Before authentication: the keys already throttled in this window are turned away without a database round trip
    /// (<see cref="ThrottledKeys"/>).
    /// </summary>
    public static IApplicationBuilder UseThrottledKeyShortCircuit(this IApplicationBuilder app) =>
        app.UseMiddleware<ThrottledKeyShortCircuit>();

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
        var partition = RequestPartition.Of(http);
        if (partition is { Policy: RequestPartition.KeyPolicy } keyPartition
            && http.Features.Get<PresentedKeyHash>() is { } hash
            && http.RequestServices.GetRequiredService<ITenantContextAccessor>().Current is { } tenant)
        {
            // The rest of this window's requests with this key are turned away before authentication.
            var limiter = http.RequestServices.GetRequiredService<AllianceRateLimiter>();
            var clock = http.RequestServices.GetRequiredService<TimeProvider>();
            var windowEnd = AlignedWindowLimiter.WindowEnd(limiter.LimitFor(keyPartition.Policy), clock.GetUtcNow());
            http.RequestServices.GetRequiredService<ThrottledKeys>().Remember(tenant.AllianceId, hash.Value, windowEnd, keyPartition.Key);
        }

        await TooManyRequests.WriteAsync(http, partition, seconds);
    }

    /// <summary>Adds the limit headers before the response starts, once the limiter has let the request through.</summary>
    private sealed class RateLimitHeaders(RequestDelegate next, AllianceRateLimiter limiter)
    {
        public Task InvokeAsync(HttpContext context)
        {
            if (RequestPartition.Of(context) is { } partition)
            {
                var remaining = limiter.Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
                limiter.WriteHeaders(context, partition, remaining);
            }

            return next(context);
        }
    }
}

/// <summary>The partitioned limiter itself, a singleton so the header middleware can read a partition's remaining permits.</summary>
public sealed class AllianceRateLimiter
{
    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly TimeProvider _clock;

    public AllianceRateLimiter(IOptionsMonitor<RateLimitOptions> options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RequestPartition.Of(context) is { } partition
                ? RateLimitPartition.Get(partition.Key, _ => new AlignedWindowLimiter(LimitFor(partition.Policy), _clock))
                : RateLimitPartition.GetNoLimiter("unlimited"));
    }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    public WindowLimit LimitFor(string policy) => policy switch
    {
        RequestPartition.KeyPolicy => _options.CurrentValue.Key,
        RequestPartition.AnonymousPolicy => _options.CurrentValue.Anonymous,
        _ => _options.CurrentValue.Platform,
    };

    /// <summary>draft-ietf-httpapi-ratelimit-headers: the policy (quota q per window w) and the state (remaining r, reset t).</summary>
    public void WriteHeaders(HttpContext context, RequestPartition partition, long remaining)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limit = LimitFor(partition.Policy);
        var reset = AlignedWindowLimiter.SecondsUntilReset(limit, _clock.GetUtcNow());
        var headers = context.Response.Headers;
        headers["RateLimit-Policy"] = $"\"{partition.Policy}\";q={limit.PermitLimit};w={limit.WindowSeconds}";
        headers["RateLimit"] = $"\"{partition.Policy}\";r={Math.Max(0, remaining)};t={reset}";
    }
}
