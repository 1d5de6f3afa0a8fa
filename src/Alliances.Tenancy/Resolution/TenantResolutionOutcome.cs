namespace Alliances.Tenancy.Resolution;

/// <summary>How a request's host was resolved. Each outcome other than <see cref="Resolved"/> and <see cref="Platform"/> ends the request.</summary>
public enum TenantResolutionOutcome
{
    /// <summary>An active alliance; the request runs in its context.</summary>
    Resolved,

    /// <summary>The apex: platform routes, no alliance.</summary>
    Platform,

    /// <summary>Not a host we serve (foreign domain, IP literal, two labels, bad label): 400.</summary>
    RejectedHost,

    /// <summary>Alliance-shaped host with no live alliance: 404. Never a fallback tenant.</summary>
    NotFound,

    /// <summary>The alliance is suspended: 403.</summary>
    Suspended,

    /// <summary>The alliance is still being provisioned: 503 with Retry-After.</summary>
    Provisioning,

    /// <summary>The catalog could not be read: 503 with Retry-After. Kept apart from NotFound on purpose.</summary>
    CatalogUnavailable,
}
