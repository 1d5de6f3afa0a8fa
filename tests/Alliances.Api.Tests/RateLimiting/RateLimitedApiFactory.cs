using Alliances.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Alliances.Api.Tests.RateLimiting;

/// <summary>
/// The API with small limits. Windows are an hour long and aligned to the hour; the API's clock is a fake one that
/// stands at half past the current hour and moves only when a test moves it, so no burst straddles hh:00 by accident
/// and a test that wants the rollover makes it happen.
/// </summary>
public class RateLimitedApiFactory : ApiFactory
{
    public FakeTimeProvider Clock { get; } = RateLimitClocks.HalfPastThisHour();

    public const int KeyLimit = 5;
    public const int AnonymousLimit = 4;
    public const int AllianceLimit = 1000;

    /// <summary>How the alliance's ceiling reads in <c>RateLimit-Policy</c>.</summary>
    public static readonly string AlliancePolicy = $"\"alliance\";q={AllianceLimit};w=3600";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alliances:RateLimits:Key:PermitLimit"] = KeyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:Key:WindowSeconds"] = "3600",
        ["Alliances:RateLimits:Anonymous:PermitLimit"] = AnonymousLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:Anonymous:WindowSeconds"] = "3600",
        ["Alliances:RateLimits:Alliance:PermitLimit"] = AllianceLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:Alliance:WindowSeconds"] = "3600",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => RateLimitClocks.Use(services, Clock);
}

/// <summary>
/// Limits for the noisy-neighbour run: each key may make <see cref="KeyLimit"/> requests a second, so "ten times its
/// limit" is a rate the test can hold for seconds (<see cref="KeyLimit"/> × 10 requests a second). The neighbour's
/// anonymous quota is raised so that its few thousand measured requests stay within it.
/// </summary>
public sealed class NoisyNeighbourApiFactory : ApiFactory
{
    public const int KeyLimit = 20;
    public const int WindowSeconds = 1;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alliances:RateLimits:Key:PermitLimit"] = KeyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:Key:WindowSeconds"] = WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:Anonymous:PermitLimit"] = "100000",
    };
}

/// <summary>An alliance ceiling lower than two keys' limits, so that several callers of one alliance can reach it.</summary>
public sealed class AllianceCeilingApiFactory : ApiFactory
{
    public FakeTimeProvider Clock { get; } = RateLimitClocks.HalfPastThisHour();

    public const int KeyLimit = 5;
    public const int AllianceLimit = 8;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alliances:RateLimits:Key:PermitLimit"] = KeyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:Key:WindowSeconds"] = "3600",
        ["Alliances:RateLimits:Alliance:PermitLimit"] = AllianceLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:Alliance:WindowSeconds"] = "3600",
    };

    protected override void ConfigureTestServices(IServiceCollection services) => RateLimitClocks.Use(services, Clock);
}

/// <summary>Fake clocks for the factories whose hour-long windows must not roll over mid-test.</summary>
public static class RateLimitClocks
{
    /// <summary>Half past the current hour (at most half an hour from the real time, so database times stay close).</summary>
    public static FakeTimeProvider HalfPastThisHour()
    {
        var now = DateTimeOffset.UtcNow;
        return new FakeTimeProvider(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 30, 0, TimeSpan.Zero));
    }

    public static void Use(IServiceCollection services, FakeTimeProvider clock)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
    }
}
