using Alliances.Tenancy.Context;

namespace Alliances.Tenancy.Resolution;

/// <summary>The result of resolving a host: an outcome, the alliance when resolved, and a machine-readable reason otherwise.</summary>
public readonly record struct TenantResolution(TenantResolutionOutcome Outcome, TenantContext? Tenant = null, string? Reason = null)
{
    public static TenantResolution PlatformHost { get; } = new(TenantResolutionOutcome.Platform);
}
