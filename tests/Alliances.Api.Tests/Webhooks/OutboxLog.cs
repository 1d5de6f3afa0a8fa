using System.Text.Json;
using Alliances.Api.Tests.ApiKeys;
using Alliances.Api.Tests.Infrastructure;
using Npgsql;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>An event as it sits in an alliance's <c>outbox_events</c>.</summary>
internal sealed record StoredEvent(Guid Id, string Type, JsonElement Data, bool Dispatched);

/// <summary>
/// One alliance's outbox and webhook tables, read as the owner role with the schema named: what a feature call really
/// committed, whatever the API answered. <see cref="NewAsync"/> returns only what arrived since its last call, so a
/// test can set things up, skip their events, and then assert exactly what one call emitted.
/// </summary>
internal sealed class OutboxLog
{
    private readonly HashSet<Guid> _seen = [];

    private OutboxLog(AllianceSchema schema) => Schema = schema;

    public AllianceSchema Schema { get; }

    public static async Task<OutboxLog> OfAsync(TestDatabase database, ClaimedAlliance alliance)
    {
        ArgumentNullException.ThrowIfNull(alliance);
        return new OutboxLog(await AllianceSchema.OfAsync(database, alliance.Subdomain));
    }

    /// <summary>A new alliance: its organizer's client and its outbox.</summary>
    public static async Task<(HttpClient Organizer, OutboxLog Outbox)> ClaimAsync(ApiFactory api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var alliance = await api.ClaimAsync();
        return (api.Alliance(alliance.Subdomain, alliance.OrganizerKey), await OfAsync(api.Database, alliance));
    }

    public async Task<List<StoredEvent>> AllAsync()
    {
        await using var connection = await Schema.OpenOwnerAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT id, type, data::text, dispatched_at IS NOT NULL FROM {Schema.Quoted}.outbox_events ORDER BY occurred_at, id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync())
        {
            events.Add(new StoredEvent(reader.GetGuid(0), reader.GetString(1), JsonDocument.Parse(reader.GetString(2)).RootElement, reader.GetBoolean(3)));
        }

        return events;
    }

    /// <summary>The events committed since the previous call (all of them on the first).</summary>
    public async Task<List<StoredEvent>> NewAsync() => [.. (await AllAsync()).Where(e => _seen.Add(e.Id))];

    /// <summary>Asserts that exactly one event arrived since the previous call, of <paramref name="type"/>, and returns its data.</summary>
    public async Task<JsonElement> SingleNewAsync(string type)
    {
        var fresh = await NewAsync();
        Assert.Equal([type], fresh.Select(e => e.Type));
        return fresh[0].Data;
    }

    public async Task AssertNothingNewAsync() => Assert.Empty(await NewAsync());

    /// <summary>Rows in one of the alliance's tables, optionally filtered (<paramref name="where"/> is test-written SQL).</summary>
    public async Task<long> CountAsync(string table, string where = "true")
    {
        await using var connection = await Schema.OpenOwnerAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Schema.Quoted}.{table} WHERE {where}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>True once the dispatcher has fanned out every event and no delivery is waiting: nothing more will be sent.</summary>
    public async Task<bool> SettledAsync() =>
        await CountAsync("outbox_events", "dispatched_at IS NULL") == 0 && await CountAsync("webhook_deliveries", "state = 'pending'") == 0;

    /// <summary>The event types of the deliveries made for one subscription.</summary>
    public async Task<List<string>> DeliveredTypesAsync(Guid subscription)
    {
        await using var connection = await Schema.OpenOwnerAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT event_type FROM {Schema.Quoted}.webhook_deliveries WHERE subscription_id = $1 ORDER BY event_type", connection)
        {
            Parameters = { new() { Value = subscription } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var types = new List<string>();
        while (await reader.ReadAsync())
        {
            types.Add(reader.GetString(0));
        }

        return types;
    }

    /// <summary>
    /// Makes every COMMIT that wrote a row of <paramref name="table"/> matching <paramref name="condition"/> (over NEW)
    /// fail, until disposed: a deferred constraint trigger runs at commit, after every statement of the transaction
    /// (the change and its staged event) has succeeded. The alliance's own schema only; the owner role may add it.
    /// </summary>
    public async Task<IAsyncDisposable> FailCommitsAsync(string table, string condition)
    {
        await using var connection = await Schema.OpenOwnerAsync();
        await using var command = new NpgsqlCommand(
            $"""
            CREATE FUNCTION {Schema.Quoted}.test_fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF {condition} THEN
                    RAISE EXCEPTION 'failure injected by a test at commit';
                END IF;
                RETURN NULL;
            END
            $$;
            CREATE CONSTRAINT TRIGGER test_fail_commit AFTER INSERT OR UPDATE ON {Schema.Quoted}.{table}
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {Schema.Quoted}.test_fail_commit();
            """, connection);
        await command.ExecuteNonQueryAsync();
        return new Removal(this, table);
    }

    /// <summary>Asserts two JSON values are equal as JSON (property order aside: jsonb does not keep it).</summary>
    public static void AssertSameJson(JsonElement expected, JsonElement actual) =>
        Assert.True(JsonElement.DeepEquals(expected, actual), $"Expected {expected} but the event has {actual}");

    private sealed class Removal(OutboxLog log, string table) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var connection = await log.Schema.OpenOwnerAsync();
            await using var command = new NpgsqlCommand(
                $"DROP TRIGGER test_fail_commit ON {log.Schema.Quoted}.{table}; DROP FUNCTION {log.Schema.Quoted}.test_fail_commit();", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
