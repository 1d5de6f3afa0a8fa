using System.Data.Common;
using Alliances.Tenancy.Context;

namespace Alliances.Tenancy.Binding;

/// <summary>
/// What <see cref="TenantConnectionBinder"/> needs to know about one unit of work (one DI scope): its alliance, and the
/// connections it has opened but not yet bound. Scoped; the tenant DbContext of the scope is attached to it when the
/// scope takes the context from the pool. Once the scope ends it is disposed, and from then on it refuses to name an
/// alliance, so a pooled context that somehow outlived its scope fails closed instead of running as the old alliance.
/// </summary>
public sealed class TenantBinding(ITenantContextAccessor tenants) : IDisposable
{
    // One context (one connection) per scope is the rule, so a single slot covers it; the list is only for a scope that
    // opens a second connection before the first is bound.
    private DbConnection? _unbound;
    private List<DbConnection>? _moreUnbound;
    private volatile bool _disposed;

    /// <summary>The scope's alliance; throws <see cref="NoTenantContextException"/> when there is none or the scope has ended.</summary>
    public TenantContext Required => _disposed
        ? throw new NoTenantContextException("This unit of work has ended; its DbContext can no longer reach an alliance.")
        : tenants.Required;

    public void Dispose()
    {
        _disposed = true;
        _unbound = null;
        _moreUnbound = null;
    }

    internal void MarkUnbound(DbConnection connection)
    {
        if (_unbound is null || ReferenceEquals(_unbound, connection))
        {
            _unbound = connection;
        }
        else if (_moreUnbound?.Contains(connection) != true)
        {
            (_moreUnbound ??= []).Add(connection);
        }
    }

    /// <summary>True when <paramref name="connection"/> was opened in this scope and is not known to be bound.</summary>
    internal bool IsUnbound(DbConnection? connection) =>
        connection is not null && (ReferenceEquals(_unbound, connection) || _moreUnbound?.Contains(connection) == true);

    /// <summary>
    /// Forgets <paramref name="connection"/>: called once its binding has succeeded, or when it closes. Never before the
    /// binding ran: a failed SET must leave the connection unbound, so the next command binds (and fails) again.
    /// </summary>
    internal void Forget(DbConnection? connection)
    {
        if (connection is null)
        {
            return;
        }

        if (ReferenceEquals(_unbound, connection))
        {
            _unbound = null;
            return;
        }

        _moreUnbound?.Remove(connection);
    }
}
