using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Context;
using Microsoft.Extensions.DependencyInjection;
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
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var response = await client.PostAsJsonAsync("/v1/webhooks", new { url = $"{_receiver.BaseUrl}/plain", eventTypes = new[] { WebhookEventTypes.SpaceCreated } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("https", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefuseAtSendTime_AnHttpUrlWrittenWithSql_AndRecordAFailedAttempt()
    {
        // Registered as https (the receiver speaks http, so this alone could never deliver), then turned into http behind
        // the API's back with the owner role: the receiver would answer that URL if it were sent.
        var subscribed = await SubscribeAsync(api, _receiver.BaseUrl.Replace("http://", "https://", StringComparison.Ordinal) + "/sql");
        var tenant = await TenantAsync(api, subscribed.Alliance);
        await ScalarAsync(api, tenant, $"UPDATE {{schema}}.webhook_subscriptions SET url = '{_receiver.BaseUrl}/sql' WHERE id = '{subscribed.Hook}'");
        Assert.StartsWith("http://", (await GetAsync(subscribed.Client, subscribed.Hook)).GetProperty("url").GetString(), StringComparison.Ordinal);
        await SeedSilentlyAsync(api, tenant, DueDeliveriesSql(subscribed.Hook, count: 1));

        await SendDueAsync(tenant);

        Assert.Empty(_receiver.Requests);
        var attempt = Assert.Single(await DeliveriesAsync(subscribed.Client, subscribed.Hook));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, attempt.GetProperty("responseStatus").ValueKind);
        Assert.Contains("Plain http is refused", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Issue 16: refused at once, not retried on the schedule, and the subscription no longer "healthy".
        Assert.Equal("failing", (await GetAsync(subscribed.Client, subscribed.Hook)).GetProperty("state").GetString());
        await SendDueAsync(tenant);
        Assert.Single(await DeliveriesAsync(subscribed.Client, subscribed.Hook));
        Assert.Equal(0L, await CountAsync(api, tenant, "SELECT count(*) FROM {schema}.webhook_deliveries WHERE state = 'pending'"));
    }

    /// <summary>One claim-and-send pass of this server's runner over the alliance (its hosted dispatcher is off).</summary>
    private async Task SendDueAsync(TenantContext tenant)
    {
        await using var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(tenant);
        var runner = scope.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>();
        foreach (var delivery in await runner.ClaimAsync(default))
        {
            await runner.DeliverAsync(delivery, default);
        }
    }
}
