using Microsoft.Extensions.DependencyInjection;

namespace Alliances.Tenancy.Context;

/// <summary>
/// Opens an explicit tenant scope for work that runs outside a request (migrations, webhook delivery, seeding).
/// Everything resolved from the returned scope, including the DbContext, is bound to that one alliance.
/// </summary>
public sealed class TenantScopeFactory(IServiceScopeFactory scopes)
{
    /// <summary>Creates a DI scope bound to <paramref name="tenant"/>. Dispose it to release its connections.</summary>
    public AsyncServiceScope Begin(TenantContext tenant)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContextHolder>().Set(tenant);
        return scope;
    }
}
