using System.Threading.RateLimiting;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// A fixed-window limiter whose windows are aligned to the Unix epoch (window n covers [n·W, (n+1)·W)). The built-in
/// FixedWindowRateLimiter starts its windows when it is created and does not say when the current one ends; aligned
/// windows let every response state the reset time exactly (<c>RateLimit: …;t=</c>) without per-partition bookkeeping.
/// It never queues: a request over the limit is rejected at once with a Retry-After of the time left in the window.
/// </summary>
public sealed class AlignedWindowLimiter(WindowLimit limit, TimeProvider clock) : RateLimiter
{
    private readonly Lock _gate = new();
    private long _window = -1;
    private int _used;
    private long _lastActivity = clock.GetTimestamp();

    public WindowLimit Limit { get; } = limit;

    public override TimeSpan? IdleDuration => clock.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    /// <summary>Seconds until the current window ends, rounded up (at least 1).</summary>
    public static int SecondsUntilReset(WindowLimit limit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var windowTicks = limit.Window.Ticks;
        var left = windowTicks - (now.UtcTicks % windowTicks);
        return (int)Math.Max(1, Math.Ceiling(TimeSpan.FromTicks(left).TotalSeconds));
    }

    /// <summary>The instant the window that holds <paramref name="now"/> ends.</summary>
    public static DateTimeOffset WindowEnd(WindowLimit limit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var windowTicks = limit.Window.Ticks;
        return new DateTimeOffset((now.UtcTicks / windowTicks + 1) * windowTicks, TimeSpan.Zero);
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            var current = CurrentWindow();
            return new RateLimiterStatistics { CurrentAvailablePermits = current == _window ? Limit.PermitLimit - _used : Limit.PermitLimit };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Interlocked.Exchange(ref _lastActivity, clock.GetTimestamp());
        lock (_gate)
        {
            var current = CurrentWindow();
            if (current != _window)
            {
                _window = current;
                _used = 0;
            }

            if (_used + permitCount <= Limit.PermitLimit)
            {
                _used += permitCount;
                return WindowLease.Acquired;
            }
        }

        return new WindowLease(TimeSpan.FromSeconds(SecondsUntilReset(Limit, clock.GetUtcNow())));
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private long CurrentWindow() => clock.GetUtcNow().UtcTicks / Limit.Window.Ticks;

    private sealed class WindowLease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly WindowLease Acquired = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
