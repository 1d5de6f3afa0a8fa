using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.RateLimiting;

/// <summary>
/// The API with small limits. Windows are an hour long (and aligned to the hour), so a test's burst practically never
/// straddles a window boundary and the counts stay exact.
/// </summary>
public class RateLimitedApiFactory : ApiFactory
{
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
    public const int KeyLimit = 5;
    public const int AllianceLimit = 8;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alliances:RateLimits:Key:PermitLimit"] = KeyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:Key:WindowSeconds"] = "3600",
        ["Alliances:RateLimits:Alliance:PermitLimit"] = AllianceLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alliances:RateLimits:Alliance:WindowSeconds"] = "3600",
    };
}
