namespace Alliances.Tenancy.Context;

/// <summary>Thrown when code that needs an alliance runs without one. This is the fail-closed path, never a fallback.</summary>
public sealed class NoTenantContextException : InvalidOperationException
{
    public NoTenantContextException()
        : base("No alliance is bound to this unit of work. Tenant data can only be reached inside a request on an " +
               "alliance host or an explicit TenantScope.")
    {
    }

    public NoTenantContextException(string message) : base(message)
    {
    }

    public NoTenantContextException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
