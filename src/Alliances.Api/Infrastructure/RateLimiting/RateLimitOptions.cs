namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// <c>Alliances:RateLimits</c>: permits per fixed window, per partition. A key of an alliance gets <see cref="Key"/>;
/// anonymous traffic on an alliance host shares <see cref="Anonymous"/> per alliance; all of an alliance's traffic
/// together is held to <see cref="Alliance"/>; the apex (platform host) has no
/// alliance, so its traffic is limited per client IP with <see cref="Platform"/>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Alliances:RateLimits";

    public WindowLimit Key { get; set; } = new() { PermitLimit = 1200, WindowSeconds = 60 };

    public WindowLimit Anonymous { get; set; } = new() { PermitLimit = 1200, WindowSeconds = 60 };

    public WindowLimit Platform { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };

    /// <summary>Every request on one alliance's host, whichever key (or none) it comes with: five keys' worth.</summary>
    public WindowLimit Alliance { get; set; } = new() { PermitLimit = 6000, WindowSeconds = 60 };
}

/// <summary>At most <see cref="PermitLimit"/> requests per window of <see cref="WindowSeconds"/> seconds.</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
