namespace Alliances.Tenancy;

/// <summary>Configuration of tenancy, bound from the <c>Alliances</c> section.</summary>
public sealed class TenancyOptions
{
    public const string Section = "Alliances";

    /// <summary>The platform host; alliances live one label to its left. <c>localhost</c> in development.</summary>
    public string ApexDomain { get; set; } = "localhost";

    /// <summary>Proxies whose <c>X-Forwarded-Host</c>/<c>-Proto</c>/<c>-For</c> are believed. Empty: none is.</summary>
    public IList<string> TrustedProxies { get; } = [];

    /// <summary>How many catalog answers (hits and misses) the in-memory cache keeps at most.</summary>
    public int CatalogCacheSize { get; set; } = 100_000;

    /// <summary>How long a found alliance is cached. NOTIFY invalidates earlier; this bounds staleness if a notification is lost.</summary>
    public TimeSpan CatalogCacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long "no such alliance" is cached, so bots probing random sub-domains do not reach the database each time.</summary>
    public TimeSpan CatalogNegativeCacheTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What <c>Retry-After</c> says while an alliance is provisioning or the catalog is unreachable.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}
