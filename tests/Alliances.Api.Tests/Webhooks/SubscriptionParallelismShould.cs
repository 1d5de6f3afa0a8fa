using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Infrastructure;
using static Alliances.Api.Tests.Webhooks.WebhookTestKit;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// Issue 16, defect 10: within one alliance, a receiver that hangs until every attempt times out must not hold back the
/// alliance's other subscriptions, and each subscription still gets its events in order.
/// </summary>
[Collection(SharedWebhookDispatcher.Name)]
public sealed class SubscriptionParallelismShould(WebhooksApiFactory api) : IAsyncLifetime
{
    private const int HangingDeliveries = 8;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task DeliverToAnotherSubscription_InOrder_WhileOneReceiverHangs()
    {
        // A hangs past the test server's 1 s timeout, with 8 deliveries due: at least 8 s of its own work.
        _receiver.Behaviour = (path, _) => path == "/hangs" ? (200, TimeSpan.FromSeconds(5)) : (200, TimeSpan.Zero);
        var a = await SubscribeAsync(api, _receiver.BaseUrl + "/hangs", WebhookEventTypes.PriorityProposed);
        var tenant = await TenantAsync(api, a.Alliance);
        await SeedSilentlyAsync(api, tenant, DueDeliveriesSql(a.Hook, HangingDeliveries));
        // B belongs to the same alliance and listens to another event type.
        using (var created = await a.Client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.BaseUrl + "/quick", eventTypes = new[] { WebhookEventTypes.SpaceCreated } }))
        {
            await created.ReadJsonAsync(HttpStatusCode.Created);
        }

        await AddEventAsync(api, tenant, WebhookEventTypes.PriorityProposed, new { title = "wakes A" });
        await WaitForAsync(() => _receiver.On("/hangs"), r => r.Count >= 1);

        var started = Stopwatch.StartNew();
        var events = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            events.Add(await AddEventAsync(api, tenant, WebhookEventTypes.SpaceCreated, new { name = $"B's space {i}" }));
        }

        var received = await WaitForAsync(() => _receiver.On("/quick"), r => r.Count >= 3, TimeSpan.FromSeconds(20));
        var attemptsOfA = _receiver.On("/hangs").Count;

        Assert.Equal(events.Select(WebhookDeliveryRunner.MessageId), received.Select(r => r.Id));
        Assert.True(attemptsOfA < HangingDeliveries,
            $"A had made all its {attemptsOfA} attempts before B's 3 events arrived after {started.Elapsed.TotalSeconds:0.0} s; the test proved nothing.");
    }
}
