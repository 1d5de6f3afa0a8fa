using System.Globalization;
using Alliances.Api.Infrastructure.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Alliances.Api.Tests.RateLimiting;

/// <summary>The limiter alone under a fake clock: windows are aligned to multiples of their length since the epoch.</summary>
public sealed class AlignedWindowLimiterShould
{
    private static readonly WindowLimit Minute = new() { PermitLimit = 3, WindowSeconds = 60 };

    [Fact]
    public void RefuseWithTheSecondsLeft_ThenRollOverAtTheAlignedBoundary()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T16:59:58Z", CultureInfo.InvariantCulture));
        using var limiter = new AlignedWindowLimiter(Minute, clock);
        for (var i = 0; i < Minute.PermitLimit; i++)
        {
            using var lease = limiter.AttemptAcquire();
            Assert.True(lease.IsAcquired);
        }

        using (var refused = limiter.AttemptAcquire())
        {
            Assert.False(refused.IsAcquired);
            Assert.True(refused.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter));
            Assert.Equal(TimeSpan.FromSeconds(2), retryAfter);
        }

        clock.Advance(TimeSpan.FromSeconds(1.999));
        using (var stillRefused = limiter.AttemptAcquire())
        {
            Assert.False(stillRefused.IsAcquired);
        }

        // 17:00:00.000 starts the next window, whenever the limiter was created.
        clock.Advance(TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < Minute.PermitLimit; i++)
        {
            using var lease = limiter.AttemptAcquire();
            Assert.True(lease.IsAcquired, $"permit {i + 1} of the new window");
        }

        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Theory]
    [InlineData("2026-12-02T16:59:59Z", 1, "2026-12-02T17:00:00Z")]
    [InlineData("2026-12-02T16:59:59.001Z", 1, "2026-12-02T17:00:00Z")]
    [InlineData("2026-12-02T17:00:00Z", 60, "2026-12-02T17:01:00Z")]
    [InlineData("2026-12-02T17:00:30Z", 30, "2026-12-02T17:01:00Z")]
    public void StateTheResetOfTheWindowThatHoldsNow(string now, int secondsLeft, string end)
    {
        var at = DateTimeOffset.Parse(now, CultureInfo.InvariantCulture);
        Assert.Equal(secondsLeft, AlignedWindowLimiter.SecondsUntilReset(Minute, at));
        Assert.Equal(DateTimeOffset.Parse(end, CultureInfo.InvariantCulture), AlignedWindowLimiter.WindowEnd(Minute, at));
    }
}
