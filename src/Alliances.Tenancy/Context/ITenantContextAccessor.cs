namespace Alliances.Tenancy.Context;

/// <summary>Gives the current unit of work's alliance; code that needs one and finds none fails closed.</summary>
public interface ITenantContextAccessor
{
    /// <summary>The current alliance, or null outside a tenant (platform requests, start-up, background loops).</summary>
    TenantContext? Current { get; }

    /// <summary>The current alliance; throws <see cref="NoTenantContextException"/> when there is none.</summary>
    TenantContext Required { get; }
}
