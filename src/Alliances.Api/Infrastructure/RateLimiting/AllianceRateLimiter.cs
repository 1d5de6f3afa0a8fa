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
    private readonly Func<RequestPartition, RateLimiter> _newLimiter;

    public AllianceRateLimiter(IOptionsMonitor<RateLimitOptions> options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        _newLimiter = partition => new AlignedWindowLimiter(LimitFor(partition.Policy), _clock);
        PerCaller = PartitionedRateLimiter.Create<HttpContext, RequestPartition>(context => Partition(RequestPartition.Of(context)));
        PerAlliance = PartitionedRateLimiter.Create<HttpContext, RequestPartition>(context => Partition(RequestPartition.AllianceOf(context)));
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
        RequestPartition.FailedAuthPolicy => _options.CurrentValue.FailedAuth,
        _ => _options.CurrentValue.Platform,
    };

    /// <summary>
    /// Which limit turned a request away: the alliance's when it has nothing left (then every caller there is refused,
    /// whatever its own limit says), otherwise the caller's.
    /// </summary>
    public RequestPartition? RejectedBy(HttpContext context)
    {
        var alliance = RequestPartition.AllianceOf(context);
        return alliance is not null && Remaining(PerAlliance, context) <= 0 ? alliance : RequestPartition.Of(context);
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
        var caller = exhausted is { Policy: not RequestPartition.AlliancePolicy } ? exhausted
            : callerUnknown ? null
            : RequestPartition.Of(context);
        var alliance = RequestPartition.AllianceOf(context);
        // Built by hand, not through lists and joins: this runs on every request.
        string? policy = null, state = null;
        if (caller is { } applied)
        {
            (policy, state) = Describe(applied, applied == exhausted ? 0 : Remaining(PerCaller, context), now);
        }

        if (alliance is { } ceiling)
        {
            var (ceilingPolicy, ceilingState) = Describe(ceiling, ceiling == exhausted ? 0 : Remaining(PerAlliance, context), now);
            policy = policy is null ? ceilingPolicy : policy + ", " + ceilingPolicy;
            state = state is null ? ceilingState : state + ", " + ceilingState;
        }

        if (policy is not null)
        {
            context.Response.Headers["RateLimit-Policy"] = policy;
            context.Response.Headers["RateLimit"] = state;
        }
    }

    private (string Policy, string State) Describe(RequestPartition partition, long remaining, DateTimeOffset now)
    {
        var limit = LimitFor(partition.Policy);
        return ($"\"{partition.Policy}\";q={limit.PermitLimit};w={limit.WindowSeconds}",
            $"\"{partition.Policy}\";r={Math.Max(0, remaining)};t={AlignedWindowLimiter.SecondsUntilReset(limit, now)}");
    }

    private RateLimitPartition<RequestPartition> Partition(RequestPartition? partition) =>
        partition is { } applied
            ? RateLimitPartition.Get(applied, _newLimiter)
            : RateLimitPartition.GetNoLimiter(default(RequestPartition));

    private static long Remaining(PartitionedRateLimiter<HttpContext> limiter, HttpContext context) =>
        limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
}
