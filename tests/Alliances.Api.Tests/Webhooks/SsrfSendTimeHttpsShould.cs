using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Infrastructure;
using static Alliances.Api.Tests.Webhooks.WebhookTestKit;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// https is enforced when sending, not only at registration: a URL that is http in the database (stored before a
/// configuration change, or written with SQL) reaches no receiver where http is not allowed.
/// </summary>
public sealed class SsrfSendTimeHttpsShould(HttpsOnlyWebhooksApiFactory api) : IClassFixture<HttpsOnlyWebhooksApiFactory>, IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task RefuseAtRegistration_AnHttpUrl()
    {
        var alliance = await api.ClaimAsync();
        var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var response = await client.PostAsJsonAsync("/v1/webhooks", new { url = $"{_receiver.BaseUrl}/plain", eventTypes = new[] { WebhookEventTypes.SpaceCreated } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("https", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefuseAtSendTime_AnHttpUrlWrittenWithSql_AndRecordAFailedAttempt()
    {
        // Registered as https (the receiver speaks http, so this alone could never deliver), then turned into http
        // behind the API's back: the receiver would answer that one if it were sent.
        var https = _receiver.BaseUrl.Replace("http://", "https://", StringComparison.Ordinal) + "/sql";
        var subscribed = await SubscribeAsync(api, https);
        var tenant = await TenantAsync(api, subscribed.Alliance);
        await ScalarAsync(api, tenant, $"UPDATE {{schema}}.webhook_subscriptions SET url = '{_receiver.BaseUrl}/sql' WHERE id = '{subscribed.Hook}'");
        Assert.StartsWith("http://", (await GetAsync(subscribed.Client, subscribed.Hook)).GetProperty("url").GetString(), StringComparison.Ordinal);

        using var ping = await subscribed.Client.PostAsync($"/v1/webhooks/{subscribed.Hook}/ping", null);
        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        // WebhooksApiFactory: 3 retries, so 4 attempts end the delivery; every one of them was refused.
        var log = await WaitForAsync(() => DeliveriesAsync(subscribed.Client, subscribed.Hook),
            l => l.Count == 4 && l.All(a => a.GetProperty("deliveryState").GetString() == "failed"));

        Assert.All(log, a =>
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, a.GetProperty("responseStatus").ValueKind);
            Assert.Contains("Plain http is refused", a.GetProperty("error").GetString(), StringComparison.Ordinal);
        });
        Assert.Empty(_receiver.On("/sql"));
    }
}
