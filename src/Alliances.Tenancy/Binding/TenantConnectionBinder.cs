using System.Data.Common;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Naming;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Alliances.Tenancy.Binding;

/// <summary>
/// Binds every connection EF opens to the current alliance: <c>SET search_path</c> to its schema and <c>SET ROLE</c> to
/// its role, before any query runs. With no alliance in context it throws, so tenant tables are unreachable by default.
/// Npgsql's pool reset (DISCARD ALL / SET SESSION AUTHORIZATION DEFAULT) undoes both when the connection is returned.
/// </summary>
public sealed class TenantConnectionBinder(ITenantContextAccessor tenants) : DbConnectionInterceptor
{
    /// <summary>The statement that binds a session to an alliance. Names are validated and quoted, never interpolated raw.</summary>
    public static string BindingSql(TenantContext tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return $"SET search_path TO {TenantDatabaseName.Quote(tenant.SchemaName)}; SET ROLE {TenantDatabaseName.Quote(tenant.RoleName)}";
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = BindingSql(tenants.Required);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = BindingSql(tenants.Required);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
