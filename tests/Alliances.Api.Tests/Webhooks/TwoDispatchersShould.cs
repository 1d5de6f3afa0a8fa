using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Context;
using Microsoft.Extensions.DependencyInjection;
using static Alliances.Api.Tests.Webhooks.WebhookTestKit;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// Two dispatchers on one database, as two API instances would be: each is a <see cref="WebhookDeliveryRunner"/> in its
/// own tenant scope (its own connection), working the same alliance at the same time; the in-process guard of
/// <see cref="WebhookDispatcher"/> does not span instances, so only the database keeps them apart. The work is seeded with
/// its outbox signal removed, so the hosted dispatchers of the test servers never see it and the two here are the only
/// claimants, which makes "each claimed exactly once" a real race rather than a vacuous one.
/// </summary>
[Collection(SharedWebhookDispatcher.Name)]
public sealed class TwoDispatchersShould(WebhooksApiFactory api) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task ClaimAndSendEachDueDelivery_ExactlyOnce()
    {
        const int count = 60;
        var (tenant, hook) = await SubscribeAsync("/two");
        await SeedSilentlyAsync(api, tenant, DueDeliveriesSql(hook, count));
        _receiver.Behaviour = (_, _) => (200, TimeSpan.FromMilliseconds(5));

        // Each claim stops inside its UPDATE, holding the rows it locked: both there at once is the race.
        await using var gate = await RaceGate.CloseAsync(api.Database, tenant.AllianceId, "webhook_deliveries", "BEFORE UPDATE");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatchers = new[] { DispatchAsync(tenant, go.Task), DispatchAsync(tenant, go.Task) };
        go.SetResult();
        await gate.OpenWhenAsync(seen => seen.AtGate >= 2);
        var sent = await Task.WhenAll(dispatchers);

        Assert.Empty(sent[0].Intersect(sent[1]));
        Assert.Equal(count, sent[0].Count + sent[1].Count);
        Assert.True(sent[0].Count > 0 && sent[1].Count > 0, $"One dispatcher took everything ({sent[0].Count} / {sent[1].Count}); the race did not happen.");
        var received = _receiver.On("/two");
        Assert.Equal(count, received.Count);
        Assert.Equal(count, received.Select(r => r.Id).Distinct().Count());
        Assert.Equal(count, await CountAsync(api, tenant, $"SELECT count(*) FROM {{schema}}.webhook_deliveries WHERE subscription_id = '{hook}' AND state = 'succeeded' AND attempts = 1"));
    }

    [Fact]
    public async Task FanEachEventOutOnce_WhenBothRunAtOnce()
    {
        const int count = 40;
        var (tenant, hook) = await SubscribeAsync("/fan");
        await SeedSilentlyAsync(api, tenant,
            "INSERT INTO {schema}.outbox_events (id, type, data, occurred_at) " +
            $"SELECT gen_random_uuid(), 'space.created', jsonb_build_object('n', n), now() FROM generate_series(1, {count}) AS n");

        // A fan-out stops at its first insert, holding the events it locked. The race is real when both are there at
        // once (each took some events), or one is there while the other has already run and found every event locked.
        await using var gate = await RaceGate.CloseAsync(api.Database, tenant.AllianceId, "webhook_deliveries", "BEFORE INSERT");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fanOuts = new[] { FanOutAsync(tenant, go.Task), FanOutAsync(tenant, go.Task) };
        go.SetResult();
        await gate.OpenWhenAsync(seen => seen.AtGate >= 2 || (seen.AtGate == 1 && fanOuts.Any(f => f.IsCompleted)));
        var fannedOut = await Task.WhenAll(fanOuts);

        Assert.Equal(count, fannedOut.Sum());
        Assert.Equal(count, await CountAsync(api, tenant, $"SELECT count(DISTINCT event_id) FROM {{schema}}.webhook_deliveries WHERE subscription_id = '{hook}'"));
        Assert.Equal(count, await CountAsync(api, tenant, $"SELECT count(*) FROM {{schema}}.webhook_deliveries WHERE subscription_id = '{hook}'"));
        Assert.Equal(0, await CountAsync(api, tenant, "SELECT count(*) FROM {schema}.outbox_events WHERE dispatched_at IS NULL"));
    }

    [Fact]
    public async Task SendADeliveryWhoseClaimantDied_AfterItsLease_AndOnlyThen()
    {
        var (tenant, hook) = await SubscribeAsync("/died");
        await SeedSilentlyAsync(api, tenant, DueDeliveriesSql(hook, count: 1));

        // The first dispatcher claims (the lease is committed) and dies before sending: its scope just goes away.
        var scopes = api.Services.GetRequiredService<TenantScopeFactory>();
        await using (var dying = scopes.Begin(tenant))
        {
            Assert.Single(await dying.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>().ClaimAsync(default));
        }

        // The second finds nothing while the lease (3 s in WebhooksApiFactory) holds...
        Assert.Empty(await DispatchAsync(tenant));
        Assert.Empty(_receiver.On("/died"));

        // ...and sends it once the lease has run out: at least once, and still once.
        var sent = await WaitForAsync(() => DispatchAsync(tenant), s => s.Count > 0, TimeSpan.FromSeconds(15));
        Assert.Single(sent);
        Assert.Single(_receiver.On("/died"));
        Assert.Equal(2, await CountAsync(api, tenant, $"SELECT attempts::bigint FROM {{schema}}.webhook_deliveries WHERE subscription_id = '{hook}'"));
    }

    [Fact]
    public async Task NotSendAClaimThatAnotherDispatcherTookOver_AfterItsLeaseRanOut()
    {
        var (tenant, hook) = await SubscribeAsync("/fenced");
        await SeedSilentlyAsync(api, tenant, DueDeliveriesSql(hook, count: 1));
        var scopes = api.Services.GetRequiredService<TenantScopeFactory>();

        // A slow dispatcher claims it in a batch, and is still busy with the rest of the batch when its lease (3 s) runs
        // out; a second dispatcher claims it then.
        await using var slow = scopes.Begin(tenant);
        var slowRunner = slow.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>();
        var stale = Assert.Single(await slowRunner.ClaimAsync(default));
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await using var second = scopes.Begin(tenant);
        var secondRunner = second.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>();
        var current = Assert.Single(await secondRunner.ClaimAsync(default));

        // The slow one reaches it at last: the claim is no longer its own, so it does not send.
        await slowRunner.DeliverAsync(stale, default);
        Assert.Empty(_receiver.On("/fenced"));

        await secondRunner.DeliverAsync(current, default);
        Assert.Single(_receiver.On("/fenced"));
        Assert.Equal(1, await CountAsync(api, tenant, $"SELECT count(*) FROM {{schema}}.webhook_attempts WHERE subscription_id = '{hook}'"));
    }

    private async Task<(TenantContext Tenant, Guid Hook)> SubscribeAsync(string path)
    {
        var subscribed = await WebhookTestKit.SubscribeAsync(api, _receiver.BaseUrl + path);
        subscribed.Client.Dispose();
        return (await TenantAsync(api, subscribed.Alliance), subscribed.Hook);
    }

    /// <summary>One dispatcher's claim-and-send loop for the alliance, until nothing is due; returns the deliveries it sent.</summary>
    private async Task<List<Guid>> DispatchAsync(TenantContext tenant, Task? start = null)
    {
        await (start ?? Task.CompletedTask);
        await using var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(tenant);
        var runner = scope.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>();
        var sent = new List<Guid>();
        while (await runner.ClaimAsync(default) is { Count: > 0 } claimed)
        {
            foreach (var delivery in claimed)
            {
                await runner.DeliverAsync(delivery, default);
                sent.Add(delivery.Id);
            }
        }

        return sent;
    }

    private async Task<int> FanOutAsync(TenantContext tenant, Task start)
    {
        await start;
        await using var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(tenant);
        var runner = scope.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>();
        var total = 0;
        while (await runner.FanOutAsync(default) is > 0 and var n)
        {
            total += n;
        }

        return total;
    }
}
