using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// The limiter, a singleton so the header middleware can read what is left. Two limits apply to a request on an
/// alliance host, one after the other: the caller's own (its key, or the alliance's anonymous traffic), then the
/// alliance's ceiling across all its callers. Without the ceiling an alliance could mint keys and take any share of
/// the API it liked. The caller's limit comes first, so a request it rejects never reaches the alliance's bucket: one
/// flooding key does not use up the quota that its alliance's other keys share.
/// </summary>
public sealed class AllianceRateLimiter
{
    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly TimeProvider _clock;

    public AllianceRateLimiter(IOptionsMonitor<RateLimitOptions> options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        PerCaller = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(RequestPartition.Of(context)));
        PerAlliance = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(RequestPartition.AllianceOf(context)));
        Limiter = PartitionedRateLimiter.CreateChained(PerCaller, PerAlliance);
    }

    /// <summary>Both limits, caller first; what ASP.NET Core's rate-limiting middleware runs.</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    public PartitionedRateLimiter<HttpContext> PerCaller { get; }

    public PartitionedRateLimiter<HttpContext> PerAlliance { get; }

    public WindowLimit LimitFor(string policy) => policy switch
    {
        RequestPartition.KeyPolicy => _options.CurrentValue.Key,
        RequestPartition.AnonymousPolicy => _options.CurrentValue.Anonymous,
        RequestPartition.AlliancePolicy => _options.CurrentValue.Alliance,
        _ => _options.CurrentValue.Platform,
    };

    /// <summary>
    /// Which limit turned a request away: the caller's when it has nothing left (its next request would be refused by
    /// it in any case), otherwise the alliance's.
    /// </summary>
    public RequestPartition? RejectedBy(HttpContext context)
    {
        var caller = RequestPartition.Of(context);
        var alliance = RequestPartition.AllianceOf(context);
        return alliance is null || Remaining(PerCaller, context) <= 0 ? caller : alliance;
    }

    /// <summary>
    /// draft-ietf-httpapi-ratelimit-headers: each policy that applies (quota q per window w) and its state (remaining r,
    /// reset t), the caller's first. <paramref name="exhausted"/>, when given, is reported with nothing left. Before
    /// authentication (<paramref name="callerUnknown"/>) a keyed caller's partition is not known yet, so only the
    /// alliance's policy is reported.
    /// </summary>
    public void WriteHeaders(HttpContext context, RequestPartition? exhausted = null, bool callerUnknown = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = _clock.GetUtcNow();
        var policies = new List<string>(2);
        var states = new List<string>(2);
        var caller = exhausted is { Policy: not RequestPartition.AlliancePolicy } ? exhausted
            : callerUnknown ? null
            : RequestPartition.Of(context);
        foreach (var (partition, limiter) in new[] { (caller, PerCaller), (RequestPartition.AllianceOf(context), PerAlliance) })
        {
            if (partition is not { } applied)
            {
                continue;
            }

            var limit = LimitFor(applied.Policy);
            var remaining = applied == exhausted ? 0 : Math.Max(0, Remaining(limiter, context));
            policies.Add($"\"{applied.Policy}\";q={limit.PermitLimit};w={limit.WindowSeconds}");
            states.Add($"\"{applied.Policy}\";r={remaining};t={AlignedWindowLimiter.SecondsUntilReset(limit, now)}");
        }

        if (policies.Count > 0)
        {
            context.Response.Headers["RateLimit-Policy"] = string.Join(", ", policies);
            context.Response.Headers["RateLimit"] = string.Join(", ", states);
        }
    }

    private Func<string, RateLimiter> NewLimiter(string policy) => _ => new AlignedWindowLimiter(LimitFor(policy), _clock);

    private RateLimitPartition<string> Partition(RequestPartition? partition) =>
        partition is { } applied
            ? RateLimitPartition.Get(applied.Key, NewLimiter(applied.Policy))
            : RateLimitPartition.GetNoLimiter("unlimited");

    private static long Remaining(PartitionedRateLimiter<HttpContext> limiter, HttpContext context) =>
        limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
}
