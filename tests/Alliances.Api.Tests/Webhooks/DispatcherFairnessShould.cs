using System.Diagnostics;
using Alliances.Api.Infrastructure.Outbox;
using static Alliances.Api.Tests.Webhooks.WebhookTestKit;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// No alliance, however noisy, may slow down the others: an alliance whose receiver hangs until every attempt times
/// out keeps one of the dispatcher's slots busy, never the whole dispatcher.
/// </summary>
[Collection(SharedWebhookDispatcher.Name)]
public sealed class DispatcherFairnessShould(WebhooksApiFactory api) : IAsyncLifetime
{
    private const int HangingDeliveries = 30;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task DeliverAnotherAlliancesEvent_WhileOneAllianceWaitsOutTimeouts()
    {
        // A: 30 due deliveries to a receiver that hangs past the 1 s timeout of the test server, so A's own work takes
        // at least 30 s. The event added last is the signal that wakes the dispatcher for A.
        _receiver.Behaviour = (path, _) => path == "/hangs" ? (200, TimeSpan.FromSeconds(5)) : (200, TimeSpan.Zero);
        var a = await SubscribeAsync(api, _receiver.BaseUrl + "/hangs");
        var tenantA = await TenantAsync(api, a.Alliance);
        await ScalarAsync(api, tenantA, DueDeliveriesSql(a.Hook, HangingDeliveries));
        await AddEventAsync(api, tenantA, WebhookEventTypes.SpaceCreated, new { name = "A's space" });
        await WaitForAsync(() => _receiver.On("/hangs"), r => r.Count >= 1);

        // B, with an ordinary receiver, while A is still busy.
        var b = await SubscribeAsync(api, _receiver.BaseUrl + "/quick");
        var started = Stopwatch.StartNew();
        var eventB = await AddEventAsync(api, await TenantAsync(api, b.Alliance), WebhookEventTypes.SpaceCreated, new { name = "B's space" });

        var received = await WaitForAsync(() => _receiver.On("/quick"), r => r.Count >= 1, TimeSpan.FromSeconds(15));
        var waited = started.Elapsed;
        var attemptsOfA = _receiver.On("/hangs").Count;

        Assert.Equal(WebhookDeliveryRunner.MessageId(eventB), received[0].Id);
        Assert.True(attemptsOfA < HangingDeliveries,
            $"A had finished ({attemptsOfA} attempts) before B was delivered after {waited.TotalSeconds:0.0} s; the test proved nothing.");
    }
}
