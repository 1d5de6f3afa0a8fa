using System.Globalization;
using System.Threading.RateLimiting;
using Alliances.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// Per-alliance, per-key rate limits with ASP.NET Core's limiter. Runs after authentication, because the partition is
/// the key. Rejections are 429 problem+json with <c>Retry-After</c> (never the default 503), and every limited response
/// carries the IETF draft headers <c>RateLimit-Policy</c> and <c>RateLimit</c>.
/// </summary>
public static partial class RateLimitingSetup
{
    public static IServiceCollection AddAlliancesRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<AllianceRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<AllianceRateLimiter>((options, limiter) =>
        {
            options.GlobalLimiter = limiter.Limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>The limiter, then the headers on every response it let through.</summary>
    public static IApplicationBuilder UseAlliancesRateLimiting(this IApplicationBuilder app)
    {
        app.UseRateLimiter();
        return app.UseMiddleware<RateLimitHeaders>();
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var limiter = http.RequestServices.GetRequiredService<AllianceRateLimiter>();
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        if (RequestPartition.Of(http) is { } partition)
        {
            limiter.WriteHeaders(http, partition, remaining: 0);
            LogRejected(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitingSetup)), partition.Key, seconds);
        }

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = ProblemTypes.RateLimited,
                Title = "Too many requests",
                Detail = $"This key (or this alliance's anonymous traffic) has used its request quota; retry in {seconds} s.",
            },
        });
    }

    // Debug, not Information: under a flood a line per rejection would make every 429 cost a log write, the flooder
    // would fill the logs, and the rejections would grow dearer exactly when they must stay cheap.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Rate limited {Partition}; retry after {Seconds} s")]
    private static partial void LogRejected(ILogger logger, string partition, int seconds);

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
