using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Naming;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Alliances.Tenancy.Binding;

/// <summary>
/// Binds every connection EF opens to the current alliance: <c>SET search_path</c> to its schema and <c>SET ROLE</c> to
/// its role, before any statement of the unit of work runs on it. With no alliance in context it throws before a
/// connection is even taken from the pool, so tenant tables are unreachable by default. Npgsql's pool reset
/// (DISCARD ALL / SET SESSION AUTHORIZATION DEFAULT) undoes both when the connection is returned.
/// </summary>
/// <remarks>
/// <para>
/// <b>No extra round trip.</b> The binding is sent with the first command on the freshly opened connection rather than
/// on its own as the connection opens: for a query (the hot path: EF opens, reads, closes), the two SETs and the SELECT
/// go as one Npgsql batch, in one round trip, and the reader starts at the SELECT's rows. Any other first command (a
/// write, a raw statement), and any transaction, is preceded by the binding on its own, exactly as before; a
/// transaction is bound before its BEGIN, so a rollback can never undo the binding.
/// </para>
/// <para>
/// <b>One interceptor, many scopes.</b> The tenant DbContext is pooled, so its options and this interceptor are
/// singletons. When a scope takes a context from the pool, the context is attached to that scope's
/// <see cref="TenantBinding"/>, and every callback finds the alliance through the context it is called for. A context
/// that is not attached, or whose scope has ended, has no alliance: it fails closed.
/// </para>
/// <para>
/// <b>Fail closed.</b> Every statement EF sends passes through this interceptor, so none runs unbound. Code that takes
/// the raw connection from EF and runs its own command before EF has run one would reach PostgreSQL as the login role,
/// whose search_path is empty and which (NOINHERIT) has no tenant privileges: it errors, it never reads another
/// alliance. The only such code today runs inside a transaction, which is bound eagerly.
/// </para>
/// </remarks>
public sealed class TenantConnectionBinder : DbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, TenantBinding> _bindings = new();

    /// <summary>The statement that binds a session to an alliance. Names are validated and quoted, never interpolated raw.</summary>
    public static string BindingSql(TenantContext tenant) => SearchPathSql(tenant) + "; " + RoleSql(tenant);

    /// <summary>The first half of <see cref="BindingSql"/>: the alliance's schema as the only schema searched.</summary>
    public static string SearchPathSql(TenantContext tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return "SET search_path TO " + TenantDatabaseName.Quote(tenant.SchemaName);
    }

    /// <summary>The second half of <see cref="BindingSql"/>: the alliance's role for the rest of the session.</summary>
    public static string RoleSql(TenantContext tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return "SET ROLE " + TenantDatabaseName.Quote(tenant.RoleName);
    }

    /// <summary>Attaches a context just taken from the pool to the binding of the scope that took it; returns the context.</summary>
    public TContext Attach<TContext>(TContext context, TenantBinding binding)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(binding);
        _bindings.AddOrUpdate(context, binding);
        return context;
    }

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        _ = BindingOf(eventData).Required; // throws when there is no alliance: no connection is taken from the pool
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        _ = BindingOf(eventData).Required;
        return ValueTask.FromResult(result);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        BindingOf(eventData).MarkUnbound(connection);
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        BindingOf(eventData).MarkUnbound(connection);
        return Task.CompletedTask;
    }

    // Closing never throws: a context going back to the pool closes its connection, possibly after its scope has ended.
    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) =>
        TryBindingOf(eventData)?.Forget(connection);

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        TryBindingOf(eventData)?.Forget(connection);
        return Task.CompletedTask;
    }

    // The synchronous overrides are kept, though the API itself only calls EF asynchronously: EF calls these for every
    // synchronous API (ToList, SaveChanges, ExecuteSqlRaw, BeginTransaction), and without them such a call would reach
    // PostgreSQL unbound. TenantConnectionBinderShould drives each of them through a real DbContext.
    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        ArgumentNullException.ThrowIfNull(command);
        var binding = BindingOf(eventData);
        if (!binding.IsUnbound(command.Connection))
        {
            return result;
        }

        if (BatchedWithBinding(command, binding.Required) is { } batch)
        {
            return InterceptionResult<DbDataReader>.SuppressWithResult(batch.ExecuteReader());
        }

        Bind(command.Connection!, binding);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var binding = BindingOf(eventData);
        if (!binding.IsUnbound(command.Connection))
        {
            return result;
        }

        if (BatchedWithBinding(command, binding.Required) is { } batch)
        {
            return InterceptionResult<DbDataReader>.SuppressWithResult(await batch.ExecuteReaderAsync(cancellationToken));
        }

        await BindAsync(command.Connection!, binding, cancellationToken);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(command);
        BindIfUnbound(command.Connection, BindingOf(eventData));
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        await BindIfUnboundAsync(command.Connection, BindingOf(eventData), cancellationToken);
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        ArgumentNullException.ThrowIfNull(command);
        BindIfUnbound(command.Connection, BindingOf(eventData));
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        await BindIfUnboundAsync(command.Connection, BindingOf(eventData), cancellationToken);
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        BindIfUnbound(connection, BindingOf(eventData));
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        await BindIfUnboundAsync(connection, BindingOf(eventData), cancellationToken);
        return result;
    }

    /// <summary>
    /// The query with the binding in front, as one batch, when it is a plain SELECT outside a transaction; otherwise
    /// null. Writes are left alone: EF reads their results statement by statement, and the SETs would shift them.
    /// The connection is not marked bound after a batch: the SETs share the batch's implicit transaction, so a SELECT
    /// that fails, even while its rows are being read, rolls them back too. Whatever runs next on a connection that is
    /// still open binds again (a SELECT in its batch again, at no cost; anything else with one SET first).
    /// </summary>
    private static NpgsqlBatch? BatchedWithBinding(DbCommand command, TenantContext tenant)
    {
        if (command is not NpgsqlCommand { CommandType: CommandType.Text, Transaction: null, Connection: { } connection } query ||
            !query.CommandText.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

#pragma warning disable CA2000 // The reader returned from this batch outlives this method; EF disposes the reader, and the batch holds nothing else.
        var batch = new NpgsqlBatch(connection) { Timeout = query.CommandTimeout };
#pragma warning restore CA2000
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SearchPathSql(tenant)));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(RoleSql(tenant)));
        var select = new NpgsqlBatchCommand(query.CommandText);
        foreach (NpgsqlParameter parameter in query.Parameters)
        {
            select.Parameters.Add(parameter.Clone()); // a parameter belongs to one collection; EF's command keeps its own
        }

        batch.BatchCommands.Add(select);
        // Npgsql positions the reader on the first statement that returns rows: the SELECT, not the SETs.
        return batch;
    }

    private static void BindIfUnbound(DbConnection? connection, TenantBinding binding)
    {
        if (binding.IsUnbound(connection))
        {
            Bind(connection!, binding);
        }
    }

    private static async Task BindIfUnboundAsync(DbConnection? connection, TenantBinding binding, CancellationToken cancellationToken)
    {
        if (binding.IsUnbound(connection))
        {
            await BindAsync(connection!, binding, cancellationToken);
        }
    }

    // The connection counts as bound only once the SETs have succeeded. If they fail (the role was dropped, or a
    // PostgreSQL 15 backend does not see a new role yet), it stays unbound and every later command on it tries again
    // and fails the same way; it never runs as the login role.
    private static void Bind(DbConnection connection, TenantBinding binding)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = BindingSql(binding.Required);
            command.ExecuteNonQuery();
        }

        binding.Forget(connection);
    }

    private static async Task BindAsync(DbConnection connection, TenantBinding binding, CancellationToken cancellationToken)
    {
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = BindingSql(binding.Required);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        binding.Forget(connection);
    }

    /// <summary>The binding of the context an event is about; throws <see cref="NoTenantContextException"/> when it has none.</summary>
    private TenantBinding BindingOf(DbContextEventData eventData) =>
        TryBindingOf(eventData) ?? throw new NoTenantContextException();

    private TenantBinding? TryBindingOf(DbContextEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        return eventData.Context is { } context && _bindings.TryGetValue(context, out var binding) ? binding : null;
    }
}
