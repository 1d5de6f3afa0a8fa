using Alliances.Tenancy.Context;
using Alliances.Tenancy.Database;
using Npgsql;

namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>An alliance whose row in <c>platform.outbox_pending</c> is due, with the row's version as it was read.</summary>
public sealed record DueAlliance(long Version, TenantContext Tenant);

/// <summary>
/// The dispatcher's side of <c>platform.outbox_pending</c> (0002_outbox.sql, 0003_outbox_due.sql): which alliances are due,
/// and what is left of an alliance's work once a dispatcher has run it. Signals (the tenant triggers) write the same rows.
/// </summary>
public sealed class PendingAlliances(OwnerDataSource owner)
{
    /// <summary>
    /// Active alliances whose work is due now. An alliance whose only pending deliveries are retries due later is not
    /// read at all: its due time was recorded by <see cref="SettleAsync"/>, and a signal makes it due again at once.
    /// </summary>
    public async Task<List<DueAlliance>> ReadDueAsync(CancellationToken cancellationToken)
    {
        var due = new List<DueAlliance>();
        await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT p.alliance_id, p.version, a.subdomain, a.schema_name, a.role_name, a.name, a.time_zone " +
            "FROM platform.outbox_pending p JOIN platform.alliances a ON a.id = p.alliance_id " +
            "WHERE p.next_due_at <= now() AND a.state = 'active'", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            due.Add(new DueAlliance(reader.GetInt64(1),
                new TenantContext(id, reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6))));
        }

        return due;
    }

    /// <summary>
    /// After a run of <paramref name="allianceId"/> that started from <paramref name="version"/>: removes the row when
    /// <paramref name="nextDue"/> finds nothing left, or records when the remaining work is due.
    /// <para>
    /// The row is left as it is when its version changed: a signal arrived during the run, and the work it announced may
    /// not have been seen, so the alliance stays due now. The row is locked before <paramref name="nextDue"/> reads the
    /// alliance's tables, so dispatchers of several instances finishing the same alliance write one after the other,
    /// each from a reading taken after the previous one's write. Without the lock, a reading that still saw another
    /// dispatcher's lease (due when the lease ends) could overwrite that dispatcher's sooner retry time, and delay it.
    /// A signal that comes while the row is locked waits for this transaction and then makes the alliance due again.
    /// </para>
    /// </summary>
    public async Task SettleAsync(Guid allianceId, long version, Func<CancellationToken, Task<DateTimeOffset?>> nextDue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nextDue);
        await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockRow = new NpgsqlCommand("SELECT version FROM platform.outbox_pending WHERE alliance_id = $1 FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.Add(new() { Value = allianceId });
            if (await lockRow.ExecuteScalarAsync(cancellationToken) is not long current || current != version)
            {
                // Signalled meanwhile (stays due), or already settled by another dispatcher from a reading after ours.
                return;
            }
        }

        // Read in the alliance's tenant scope (another connection) while this row lock is held: a few milliseconds,
        // during which a tenant transaction that signals waits at its trigger.
        var due = await nextDue(cancellationToken);
        await using var write = due is { } at
            ? new NpgsqlCommand("UPDATE platform.outbox_pending SET next_due_at = $2 WHERE alliance_id = $1", connection, transaction)
            {
                Parameters = { new() { Value = allianceId }, new() { Value = at } },
            }
            : new NpgsqlCommand("DELETE FROM platform.outbox_pending WHERE alliance_id = $1", connection, transaction)
            {
                Parameters = { new() { Value = allianceId } },
            };
        await write.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
