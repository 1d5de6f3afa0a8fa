using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Context;
using Microsoft.Extensions.DependencyInjection;
using static Alliances.Api.Tests.Webhooks.WebhookTestKit;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// A receiver that answers 200 and then breaks off its body (a Content-Length longer than what it sends, then the
/// connection dropped) has answered: the attempt is recorded with its status, and the batch goes on.
/// </summary>
[Collection(SharedWebhookDispatcher.Name)]
public sealed class BrokenResponseBodyShould(WebhooksApiFactory api) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _receiver.BreaksOffBody = path => path == "/breaks-off";
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task RecordTheAttemptWithItsStatus_AndSendTheNextDeliveryOfTheBatch()
    {
        var subscribed = await SubscribeAsync(api, _receiver.BaseUrl + "/breaks-off");
        using var client = subscribed.Client;
        var broken = subscribed.Hook;
        Guid next;
        using (var created = await client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.BaseUrl + "/next", eventTypes = new[] { WebhookEventTypes.SpaceCreated } }))
        {
            next = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        }

        // Seeded without a signal, so no hosted dispatcher races the one batch driven below.
        var tenant = await TenantAsync(api, subscribed.Alliance);
        await SeedSilentlyAsync(api, tenant, DueDeliveriesSql(broken, count: 1) + "; " + DueDeliveriesSql(next, count: 1));

        await using (var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(tenant))
        {
            var runner = scope.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>();
            var batch = await runner.ClaimAsync(default);
            Assert.Equal(2, batch.Count);
            // The broken answer first, so the other delivery of the batch follows it.
            foreach (var delivery in batch.OrderBy(d => d.SubscriptionId == broken ? 0 : 1))
            {
                await runner.DeliverAsync(delivery, default);
            }
        }

        Assert.Single(_receiver.On("/breaks-off"));
        Assert.Single(_receiver.On("/next"));
        var attempt = Assert.Single(await DeliveriesAsync(client, broken));
        Assert.Equal(200, attempt.GetProperty("responseStatus").GetInt32());
        Assert.Equal("succeeded", attempt.GetProperty("deliveryState").GetString());
        Assert.Equal(1, attempt.GetProperty("deliveryAttempts").GetInt32());
        var excerpt = attempt.GetProperty("responseExcerpt").GetString()!;
        Assert.StartsWith("the start of a longer body", excerpt, StringComparison.Ordinal);
        Assert.Contains("could not be read to the end", excerpt, StringComparison.Ordinal);
        Assert.Equal("succeeded", Assert.Single(await DeliveriesAsync(client, next)).GetProperty("deliveryState").GetString());
        Assert.Equal(0, await CountAsync(api, tenant, "SELECT count(*) FROM {schema}.webhook_deliveries WHERE state = 'pending' OR locked_until IS NOT NULL"));
    }
}
