using System.Globalization;
using Alliances.Api.Infrastructure.Problems;
using Microsoft.AspNetCore.Mvc;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>The one way a rejection is written: 429, <c>Retry-After</c>, the limit headers, and a problem body.</summary>
public static partial class TooManyRequests
{
    /// <summary>Writes the 429; <paramref name="rejectedBy"/> is the limit that turned the request away, reported with nothing left; <paramref name="callerUnknown"/> before authentication.</summary>
    public static async Task WriteAsync(HttpContext http, RequestPartition? rejectedBy, int retryAfterSeconds, bool callerUnknown = false)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.RequestServices.GetRequiredService<AllianceRateLimiter>().WriteHeaders(http, rejectedBy, callerUnknown);
        if (rejectedBy is { } known)
        {
            LogRejected(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TooManyRequests)), known, retryAfterSeconds);
        }

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = ProblemTypes.RateLimited,
                Title = "Too many requests",
                Detail = $"{Whose(rejectedBy)} has used its request quota; retry in {retryAfterSeconds} s.",
            },
        });
    }

    private static string Whose(RequestPartition? rejectedBy) => rejectedBy?.Policy switch
    {
        RequestPartition.KeyPolicy => "This key",
        RequestPartition.AnonymousPolicy => "This alliance's anonymous traffic",
        RequestPartition.AlliancePolicy => "This alliance, across all its keys and anonymous traffic,",
        RequestPartition.FailedAuthPolicy => "This client address, with keys that failed authentication,",
        _ => "This client",
    };

    // Debug, not Information: under a flood a line per rejection would make every 429 cost a log write, the flooder
    // would fill the logs, and the rejections would grow dearer exactly when they must stay cheap.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Rate limited {Partition}; retry after {Seconds} s")]
    private static partial void LogRejected(ILogger logger, RequestPartition partition, int seconds);
}
