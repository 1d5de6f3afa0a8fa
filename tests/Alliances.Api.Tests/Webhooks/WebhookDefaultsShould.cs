using Alliances.Api.Infrastructure.Outbox;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>The delivery defaults: a 10 s timeout per attempt, back-off for about a day with jitter, a lease that outlasts an attempt.</summary>
public sealed class WebhookDefaultsShould
{
    [Fact]
    public void TimeOutEachAttemptAfter10Seconds_UnderALongerLease()
    {
        var options = new WebhookOptions();

        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.True(options.Lease > options.Timeout * 2, $"A lease of {options.Lease} must outlast an attempt of up to {options.Timeout}.");
    }

    [Fact]
    public void RetryForAboutADay_WithWaitsThatNeverShrink()
    {
        var schedule = new WebhookOptions().EffectiveRetrySchedule;
        var total = schedule.Aggregate(TimeSpan.Zero, (sum, wait) => sum + wait);

        Assert.InRange(total, TimeSpan.FromHours(24), TimeSpan.FromHours(30));
        Assert.All(schedule.Zip(schedule.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"{pair.First} then {pair.Second}"));
        Assert.True(schedule[0] <= TimeSpan.FromMinutes(1), "The first retry should come soon.");
    }

    [Fact]
    public void JitterEachWait_ByAtMost20Percent()
    {
        var wait = TimeSpan.FromHours(1);
        var jittered = Enumerable.Range(0, 1000).Select(_ => WebhookDeliveryRunner.Jitter(wait)).ToList();

        Assert.All(jittered, j => Assert.InRange(j, wait * 0.8, wait * 1.2));
        Assert.True(jittered.Distinct().Count() > 900, "Waits should differ from one another.");
    }
}
