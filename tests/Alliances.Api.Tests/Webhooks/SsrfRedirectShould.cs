using System.Net;
using System.Text.Json;
using static Alliances.Api.Tests.Webhooks.WebhookTestKit;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// Redirects are not followed: a receiver could otherwise answer 3xx with a Location on an address registration never
/// saw. The 3xx is the attempt's answer, and like any non-2xx it is a failure that is retried.
/// </summary>
[Collection(SharedWebhookDispatcher.Name)]
public sealed class SsrfRedirectShould(WebhooksApiFactory api) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private WebhookReceiver _landing = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _landing = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _landing.DisposeAsync();
    }

    [Theory]
    [InlineData(302)]
    [InlineData(301)]
    [InlineData(303)]
    [InlineData(307)] // 307 and 308 would be followed as a POST with the payload
    [InlineData(308)]
    public async Task NotFollowARedirect_AndRecordItsStatusAsAFailedAttempt(int status)
    {
        // The landing receiver is on loopback too, which this factory allows: if the redirect were followed, it would
        // arrive there.
        _receiver.Behaviour = (_, _) => (status, TimeSpan.Zero);
        _receiver.Locations["/moved"] = $"{_landing.BaseUrl}/landing";
        var subscribed = await SubscribeAsync(api, $"{_receiver.BaseUrl}/moved");

        using var ping = await subscribed.Client.PostAsync($"/v1/webhooks/{subscribed.Hook}/ping", null);
        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        // Until the delivery is over: WebhooksApiFactory allows 3 retries, so 4 failed attempts, or 1 if it succeeded.
        var log = await WaitForAsync(() => DeliveriesAsync(subscribed.Client, subscribed.Hook),
            l => l.Count > 0 && l[0].GetProperty("deliveryState").GetString() != "pending");

        Assert.Equal(4, log.Count);

        Assert.All(log, a =>
        {
            Assert.Equal(status, a.GetProperty("responseStatus").GetInt32());
            Assert.Equal("failed", a.GetProperty("deliveryState").GetString());
            Assert.Equal(JsonValueKind.Null, a.GetProperty("error").ValueKind);
        });
        Assert.Equal(4, _receiver.On("/moved").Count);
        Assert.Empty(_landing.Requests);
    }
}
