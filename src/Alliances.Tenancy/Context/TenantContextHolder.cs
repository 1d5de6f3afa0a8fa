namespace Alliances.Tenancy.Context;

/// <summary>
/// The scoped holder behind <see cref="ITenantContextAccessor"/>. It can be set exactly once per DI scope, by the
/// resolution middleware or by <see cref="TenantScopeFactory"/>, so nothing later in the request can switch alliance.
/// </summary>
public sealed class TenantContextHolder : ITenantContextAccessor
{
    private TenantContext? _current;

    public TenantContext? Current => _current;

    public TenantContext Required => _current ?? throw new NoTenantContextException();

    /// <summary>Binds this scope to an alliance. A second call throws: a scope never changes alliance.</summary>
    public void Set(TenantContext tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (Interlocked.CompareExchange(ref _current, tenant, null) is not null)
        {
            throw new InvalidOperationException("This scope is already bound to an alliance; open a new TenantScope instead.");
        }
    }
}
