using Alliances.Api.Infrastructure.Outbox;
using Alliances.Tenancy.Context;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Alliances.Api.Tests.Webhooks.WebhookTestKit;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// An alliance whose only pending delivery is a retry due later (its receiver is down) costs the dispatchers nothing
/// until then: its row in <c>platform.outbox_pending</c> carries the retry's time, sweeps skip it, and it is run when
/// that time comes or as soon as a new event arrives.
/// </summary>
[Collection(SharedWebhookDispatcher.Name)]
public sealed class DeferredAllianceShould(WebhooksApiFactory api) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task NotBeRunBySweeps_WhileItsOnlyDeliveryIsDueLater()
    {
        var tenant = await AllianceWithARetryDueLaterAsync("/later");

        var ran = await api.Services.GetRequiredService<WebhookDispatcher>().SweepAsync(default);

        Assert.DoesNotContain(tenant.AllianceId, ran);
        Assert.Empty(_receiver.On("/later"));
        Assert.Equal(0, await CountAsync(api, tenant, "SELECT count(*) FROM {schema}.webhook_attempts"));
        Assert.Equal(1, await CountAsync(api, tenant, "SELECT count(*) FROM {schema}.webhook_deliveries WHERE state = 'pending' AND attempts = 1"));
    }

    [Fact]
    public async Task BeRun_OnceItsDueTimeArrives()
    {
        var tenant = await AllianceWithARetryDueLaterAsync("/comes-due");

        // The hour passes: the retry and the due time recorded for it are both in the past.
        await ScalarAsync(api, tenant,
            "BEGIN; UPDATE {schema}.webhook_deliveries SET next_attempt_at = now() - interval '1 second'; " +
            "UPDATE platform.outbox_pending SET next_due_at = now() - interval '1 second' WHERE alliance_id = '{id}'; COMMIT;");

        await WaitForAsync(() => _receiver.On("/comes-due"), r => r.Count == 1);
        await WaitForAsync(() => CountAsync(api, tenant, "SELECT count(*) FROM platform.outbox_pending WHERE alliance_id = '{id}'"), n => n == 0);
        Assert.Equal(1, await CountAsync(api, tenant, "SELECT count(*) FROM {schema}.webhook_deliveries WHERE state = 'succeeded' AND attempts = 2"));
    }

    [Fact]
    public async Task BeDueAtOnce_WhenANewEventArrives()
    {
        var tenant = await AllianceWithARetryDueLaterAsync("/new-event");
        var eventId = Guid.NewGuid();

        await using (var connection = new NpgsqlConnection(api.Database.Owner))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            Assert.False(await IsDueAsync(connection, tenant));
            await using (var insert = new NpgsqlCommand(
                $"INSERT INTO \"{tenant.SchemaName}\".outbox_events (id, type, data, occurred_at) VALUES ($1, 'space.created', '{{\"name\":\"new\"}}', now())", connection))
            {
                insert.Parameters.Add(new() { Value = eventId });
                await insert.ExecuteNonQueryAsync();
            }

            // The event's own trigger, in the event's transaction, made the alliance due.
            Assert.True(await IsDueAsync(connection, tenant));
            await transaction.CommitAsync();
        }

        await WaitForAsync(() => _receiver.On("/new-event"), r => r.Count == 1);
        // Once the new event is out, the alliance waits again for its retry, which was not sent early.
        await WaitForRetryDueTimeAsync(tenant);
        Assert.Equal(WebhookDeliveryRunner.MessageId(eventId), Assert.Single(_receiver.On("/new-event")).Id);
    }

    [Fact]
    public async Task StayDue_WhenASignalArrivedWhileItWasRun()
    {
        var tenant = await AllianceWithARetryDueLaterAsync("/signalled-meanwhile");
        // Suspended, so no hosted dispatcher takes the alliance up: the settles below are the only ones.
        await ScalarAsync(api, tenant, "UPDATE platform.alliances SET state = 'suspended' WHERE id = '{id}'");
        var runStartedAt = (long)(await ScalarAsync(api, tenant, "SELECT version FROM platform.outbox_pending WHERE alliance_id = '{id}'"))!;
        await ScalarAsync(api, tenant, "INSERT INTO {schema}.outbox_events (id, type, data, occurred_at) VALUES (gen_random_uuid(), 'space.created', '{}', now())");
        var pending = api.Services.GetRequiredService<PendingAlliances>();
        var nothingLeft = (CancellationToken _) => Task.FromResult<DateTimeOffset?>(null);

        // The run began before the signal, so what it found says nothing about the new event: the row is not touched.
        await pending.SettleAsync(tenant.AllianceId, runStartedAt, nothingLeft, default);
        Assert.Equal(1, await CountAsync(api, tenant, "SELECT count(*) FROM platform.outbox_pending WHERE alliance_id = '{id}' AND next_due_at <= now()"));

        // A run that began after it settles the row.
        await pending.SettleAsync(tenant.AllianceId, runStartedAt + 1, nothingLeft, default);
        Assert.Equal(0, await CountAsync(api, tenant, "SELECT count(*) FROM platform.outbox_pending WHERE alliance_id = '{id}'"));
    }

    /// <summary>
    /// A fresh alliance with one pending delivery whose retry is an hour away, as a receiver that is down leaves behind.
    /// Inserting it signals, so a dispatcher runs the alliance, finds nothing due, and records the retry's time.
    /// </summary>
    private async Task<TenantContext> AllianceWithARetryDueLaterAsync(string path)
    {
        var subscribed = await SubscribeAsync(api, _receiver.BaseUrl + path);
        subscribed.Client.Dispose();
        var tenant = await TenantAsync(api, subscribed.Alliance);
        await ScalarAsync(api, tenant,
            "INSERT INTO {schema}.webhook_deliveries (id, subscription_id, event_id, event_type, payload, state, attempts, next_attempt_at, created_at, updated_at) " +
            $"VALUES (gen_random_uuid(), '{subscribed.Hook}', gen_random_uuid(), 'space.created', " +
            "'{\"type\":\"space.created\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"data\":{}}', 'pending', 1, now() + interval '1 hour', now(), now())");
        await WaitForRetryDueTimeAsync(tenant);
        return tenant;
    }

    private async Task WaitForRetryDueTimeAsync(TenantContext tenant) =>
        await WaitForAsync(() => ScalarAsync(api, tenant,
            "SELECT p.next_due_at = d.next_attempt_at FROM platform.outbox_pending p, {schema}.webhook_deliveries d " +
            "WHERE p.alliance_id = '{id}' AND d.state = 'pending'"), due => due is true);

    private static async Task<bool> IsDueAsync(NpgsqlConnection connection, TenantContext tenant)
    {
        await using var command = new NpgsqlCommand("SELECT next_due_at <= now() FROM platform.outbox_pending WHERE alliance_id = $1", connection);
        command.Parameters.Add(new() { Value = tenant.AllianceId });
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
