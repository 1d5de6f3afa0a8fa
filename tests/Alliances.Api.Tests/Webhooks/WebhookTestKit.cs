using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliances.Api.Data;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Context;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>What the webhook tests share: a subscription on a fresh alliance, its tenant, events, SQL as the owner, polling.</summary>
public static class WebhookTestKit
{
    /// <summary>A fresh alliance with one subscription to <paramref name="url"/>; returns its organizer client, the subscription and its secret.</summary>
    public static async Task<Subscribed> SubscribeAsync(ApiFactory api, string url, params string[] eventTypes)
    {
        ArgumentNullException.ThrowIfNull(api);
        var alliance = await api.ClaimAsync();
        var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var created = await client.PostAsJsonAsync("/v1/webhooks",
            new { url, eventTypes = eventTypes.Length == 0 ? [WebhookEventTypes.SpaceCreated] : eventTypes });
        var body = await created.ReadJsonAsync(HttpStatusCode.Created);
        return new Subscribed(alliance, client, body.GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    /// <summary>Every attempt in the subscription's delivery log, newest first (the first page, up to 100).</summary>
    public static async Task<List<JsonElement>> DeliveriesAsync(HttpClient client, Guid hook)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync($"/v1/webhooks/{hook}/deliveries?limit=100");
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid hook)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync($"/v1/webhooks/{hook}");
        return await response.ReadJsonAsync();
    }

    public static async Task<TenantContext> TenantAsync(ApiFactory api, ClaimedAlliance alliance)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(alliance);
        await using var connection = new NpgsqlConnection(api.Database.Owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT subdomain, schema_name, role_name, name, time_zone FROM platform.alliances WHERE id = $1", connection);
        command.Parameters.Add(new() { Value = alliance.Id });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new TenantContext(alliance.Id, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
    }

    /// <summary>Commits one outbox event in the alliance's schema, as a handler's change would; returns its id.</summary>
    public static async Task<Guid> AddEventAsync(ApiFactory api, TenantContext tenant, string type, object data)
    {
        ArgumentNullException.ThrowIfNull(api);
        await using var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(tenant);
        var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();
        var row = db.AddEvent(type, data);
        await db.SaveChangesAsync();
        return row.Id;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> as the owner role and returns the first column of the first row. <c>{schema}</c> stands
    /// for the alliance's quoted schema and <c>{id}</c> for its id.
    /// </summary>
    public static async Task<object?> ScalarAsync(ApiFactory api, TenantContext tenant, string sql)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(sql);
        await using var connection = new NpgsqlConnection(api.Database.Owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", $"\"{tenant.SchemaName}\"", StringComparison.Ordinal)
            .Replace("{id}", tenant.AllianceId.ToString(), StringComparison.Ordinal), connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (as <see cref="ScalarAsync"/>) and, in the same transaction, removes the alliance from
    /// <c>platform.outbox_pending</c>: the rows it writes exist, but no dispatcher is told to look at them.
    /// </summary>
    public static async Task SeedSilentlyAsync(ApiFactory api, TenantContext tenant, string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        await ScalarAsync(api, tenant, "BEGIN; " + sql + "; DELETE FROM platform.outbox_pending WHERE alliance_id = '{id}'; COMMIT;");
    }

    /// <summary>SQL for <paramref name="count"/> pending deliveries to <paramref name="hook"/>, due now, each its own message.</summary>
    public static string DueDeliveriesSql(Guid hook, int count) =>
        "INSERT INTO {schema}.webhook_deliveries (id, subscription_id, event_id, event_type, payload, state, attempts, next_attempt_at, created_at, updated_at) " +
        $"SELECT gen_random_uuid(), '{hook}', gen_random_uuid(), 'space.created', " +
        "'{\"type\":\"space.created\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"data\":{\"n\":' || n || '}}', " +
        $"'pending', 0, now(), now(), now() FROM generate_series(1, {count}) AS n";

    public static async Task<long> CountAsync(ApiFactory api, TenantContext tenant, string sql) => (long)(await ScalarAsync(api, tenant, sql))!;

    public static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan? timeout = null) =>
        await WaitForAsync(() => Task.FromResult(read()), done, timeout);

    /// <summary>
    /// Polls <paramref name="read"/> until <paramref name="done"/> holds (30 s by default), then returns the value; fails
    /// with the last one. The dispatcher works in the background, so tests wait like this, never with a fixed sleep: a
    /// slow machine makes a test slower, not red.
    /// </summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > until)
            {
                Assert.True(done(value), $"Condition not met in time; last value: {JsonSerializer.Serialize(value)}");
                return value;
            }

            await Task.Delay(150);
        }
    }

    /// <summary>The requests <paramref name="receiver"/> got on <paramref name="path"/>, in arrival order.</summary>
    public static List<WebhookReceiver.Received> On(this WebhookReceiver receiver, string path)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        return [.. receiver.Requests.Where(r => r.Path == path)];
    }

    public sealed record Subscribed(ClaimedAlliance Alliance, HttpClient Client, Guid Hook, string Secret);
}
