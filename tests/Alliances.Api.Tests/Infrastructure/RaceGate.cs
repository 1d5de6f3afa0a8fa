using Npgsql;

namespace Alliances.Api.Tests.Infrastructure;

/// <summary>
/// Makes a race test prove that the race happened. A row trigger on one table of one alliance waits on an advisory lock
/// the test holds, so every racer that reaches that write stops there, inside its transaction, until the test opens the
/// gate. <see cref="ObserveAsync"/> reads in <c>pg_locks</c> how many racers wait at the gate, and how many wait on the
/// transaction of one that is there (a row it has locked): both are racers in flight at the same moment.
/// </summary>
public sealed class RaceGate : IAsyncDisposable
{
    private readonly NpgsqlConnection _holder;
    private readonly string _owner;
    private readonly string _schema;
    private readonly string _table;
    private readonly int _key = Random.Shared.Next(1, int.MaxValue);
    private bool _open;

    private RaceGate(NpgsqlConnection holder, string owner, string schema, string table)
    {
        _holder = holder;
        _owner = owner;
        _schema = schema;
        _table = table;
    }

    /// <summary>Closes a gate on <paramref name="timing"/> (e.g. <c>BEFORE INSERT</c>) of the alliance's <paramref name="table"/>.</summary>
    public static async Task<RaceGate> CloseAsync(TestDatabase database, Guid allianceId, string table, string timing)
    {
        ArgumentNullException.ThrowIfNull(database);
        var holder = new NpgsqlConnection(database.Owner);
        await holder.OpenAsync();
        await using var find = new NpgsqlCommand("SELECT schema_name FROM platform.alliances WHERE id = $1", holder) { Parameters = { new() { Value = allianceId } } };
        var gate = new RaceGate(holder, database.Owner, (string)(await find.ExecuteScalarAsync())!, table);
        await RunAsync(holder, $"SELECT pg_advisory_lock({gate._key})");
        await RunAsync(holder, $"""
            CREATE FUNCTION "{gate._schema}".race_gate_{gate._key}() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN PERFORM pg_advisory_xact_lock_shared({gate._key}); RETURN NEW; END $$;
            CREATE TRIGGER race_gate_{gate._key} {timing} ON "{gate._schema}".{table}
            FOR EACH ROW EXECUTE FUNCTION "{gate._schema}".race_gate_{gate._key}();
            """);
        return gate;
    }

    /// <summary>Racers stopped at the gate, and racers waiting on the transaction of one of those.</summary>
    public async Task<(long AtGate, long WaitingOnThem)> ObserveAsync()
    {
        await using var connection = new NpgsqlConnection(_owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            WITH gate AS (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = $1::oid AND objsubid = 1 AND NOT granted),
                 theirs AS (SELECT l.transactionid FROM pg_locks l JOIN gate g ON l.pid = g.pid WHERE l.locktype = 'transactionid' AND l.granted)
            SELECT (SELECT count(*) FROM gate),
                   (SELECT count(*) FROM pg_locks w WHERE w.locktype = 'transactionid' AND NOT w.granted AND w.transactionid IN (SELECT transactionid FROM theirs))
            """, connection) { Parameters = { new() { Value = (long)_key } } };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Polls <see cref="ObserveAsync"/> until <paramref name="overlapped"/> holds (30 s at most), then opens the gate.</summary>
    public async Task OpenWhenAsync(Func<(long AtGate, long WaitingOnThem), bool> overlapped)
    {
        ArgumentNullException.ThrowIfNull(overlapped);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var seen = await ObserveAsync();
        while (!overlapped(seen) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
            seen = await ObserveAsync();
        }

        await OpenAsync();
        Assert.True(overlapped(seen), $"The racers never overlapped: {seen.AtGate} at the gate, {seen.WaitingOnThem} waiting on them.");
    }

    public async Task OpenAsync()
    {
        if (!_open)
        {
            _open = true;
            await RunAsync(_holder, $"SELECT pg_advisory_unlock({_key})");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await OpenAsync();
        await RunAsync(_holder, $"""DROP TRIGGER race_gate_{_key} ON "{_schema}".{_table}; DROP FUNCTION "{_schema}".race_gate_{_key}()""");
        await _holder.DisposeAsync();
    }

    private static async Task RunAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
