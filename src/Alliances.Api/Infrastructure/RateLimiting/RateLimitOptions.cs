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

    /// <summary>
    /// Requests whose key failed authentication, per client address (an IPv6 client by its /64), across every
    /// alliance: such requests count here and nowhere else, so they cannot use up an alliance's anonymous quota or its
    /// ceiling. Once used up, requests with any key from that address are answered 429 before the key is looked up.
    /// </summary>
    public WindowLimit FailedAuth { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };

    /// <summary>Claims (<c>POST /v1/alliances</c>) per client address: each creates a schema and a role.</summary>
    public WindowLimit Claim { get; set; } = new() { PermitLimit = 10, WindowSeconds = 3600 };

    /// <summary>Claims across the whole platform in the last window (counted in the catalog, so across every API node).</summary>
    public WindowLimit ClaimCeiling { get; set; } = new() { PermitLimit = 300, WindowSeconds = 3600 };
}

/// <summary>At most <see cref="PermitLimit"/> requests per window of <see cref="WindowSeconds"/> seconds.</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
