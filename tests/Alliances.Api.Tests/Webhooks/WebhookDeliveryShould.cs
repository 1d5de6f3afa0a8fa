using System.Net;
using System.Text.Json;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Context;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Alliances.Api.Tests.Webhooks.WebhookTestKit;

namespace Alliances.Api.Tests.Webhooks;

public sealed class WebhookDeliveryShould(WebhooksApiFactory api) : IClassFixture<WebhooksApiFactory>, IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task RetryAFailingReceiver_WithTheSameIdAndValidSignatures()
    {
        var (client, hook, secret) = await SubscribeAsync("/retry");
        _receiver.Behaviour = (_, n) => (n <= 2 ? 500 : 200, TimeSpan.Zero);

        using var ping = await client.PostAsync($"/v1/webhooks/{hook}/ping", null);
        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        var received = await Poll.UntilAsync(() => _receiver.Requests.Where(r => r.Path == "/retry").ToList(), r => r.Count >= 3);

        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.StartsWith("msg_", received[0].Id, StringComparison.Ordinal);
        Assert.All(received, r => Assert.True(WebhookSignatureShould.Verify(secret, r.Id, r.Timestamp, r.Body, r.Signature)));
        Assert.Equal("webhook.ping", JsonDocument.Parse(received[0].Body).RootElement.GetProperty("type").GetString());
        var log = await Poll.UntilAsync(() => DeliveriesAsync(client, hook), l => l.Count >= 3 && l[0].GetProperty("deliveryState").GetString() == "succeeded");
        Assert.Equal([200, 500, 500], log.Select(a => a.GetProperty("responseStatus").GetInt32()));
        Assert.All(log, a => Assert.Equal(WebhookDeliveryRunner.ExcerptLength, a.GetProperty("responseExcerpt").GetString()!.Length));
    }

    [Fact]
    public async Task RecordATimeout()
    {
        var (client, hook, _) = await SubscribeAsync("/slow");
        _receiver.Behaviour = (_, n) => (200, n == 1 ? TimeSpan.FromSeconds(3) : TimeSpan.Zero);

        using var ping = await client.PostAsync($"/v1/webhooks/{hook}/ping", null);
        var log = await Poll.UntilAsync(() => DeliveriesAsync(client, hook), l => l.Count >= 2);

        var timedOut = log[^1];
        Assert.Equal(JsonValueKind.Null, timedOut.GetProperty("responseStatus").ValueKind);
        Assert.Contains("Timed out", timedOut.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.InRange(timedOut.GetProperty("latencyMs").GetInt32(), 900, 2900);
        Assert.Equal(200, log[0].GetProperty("responseStatus").GetInt32());
    }

    [Fact]
    public async Task DisableTheSubscription_AtOnce_On410()
    {
        var (client, hook, _) = await SubscribeAsync("/gone");
        _receiver.Behaviour = (_, _) => (410, TimeSpan.Zero);

        using var ping = await client.PostAsync($"/v1/webhooks/{hook}/ping", null);
        var view = await Poll.UntilAsync(async () => await (await client.GetAsync($"/v1/webhooks/{hook}")).ReadJsonAsync(), v => v.GetProperty("state").GetString() == "disabled");

        Assert.False(view.GetProperty("active").GetBoolean());
        Assert.Single(await DeliveriesAsync(client, hook));
    }

    [Fact]
    public async Task KeepDispatching_WhenASubscriptionIsDeletedWhileItsDeliveryIsInFlight()
    {
        var (client, hook, _) = await SubscribeAsync("/deleted-midway");
        _receiver.Behaviour = (path, _) => (200, path == "/deleted-midway" ? TimeSpan.FromSeconds(1) : TimeSpan.Zero);
        using (await client.PostAsync($"/v1/webhooks/{hook}/ping", null))
        {
            await WaitForAsync(() => _receiver.On("/deleted-midway"), r => r.Count == 1);
        }

        // The delivery and its log go with the subscription while the receiver is still answering.
        using (var deleted = await client.DeleteAsync($"/v1/webhooks/{hook}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        // The dispatcher survived recording an attempt of a delivery that no longer exists: the next ping goes out.
        var (other, otherHook, _) = await SubscribeAsync("/after-delete");
        using (await other.PostAsync($"/v1/webhooks/{otherHook}/ping", null))
        {
            await WaitForAsync(() => _receiver.On("/after-delete"), r => r.Count == 1);
        }
    }

    [Fact]
    public async Task WriteNoEvent_ForARolledBackChange_AndSignalACommittedOne()
    {
        var alliance = await api.ClaimAsync();
        var tenant = await TenantAsync(alliance);
        await using (var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Set<ApiKey>().Add(new ApiKey { Id = Guid.CreateVersion7(), Name = "rolled back", Hash = new byte[32], Prefix = "alk_rb" });
            db.AddEvent(WebhookEventTypes.SpaceCreated, new { name = "rolled back" });
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await CountAsync(tenant, "SELECT count(*) FROM {schema}.outbox_events"));
        Assert.Equal(0, await CountAsync(tenant, "SELECT count(*) FROM platform.outbox_pending WHERE alliance_id = '{id}'"));

        await using (var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<AllianceDbContext>();
            db.AddEvent(WebhookEventTypes.SpaceCreated, new { name = "committed" });
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await CountAsync(tenant, "SELECT count(*) FROM {schema}.outbox_events"));
    }

    [Fact]
    public async Task DeliverAClaimedEvent_AfterTheClaimantCrashed_AndNeverTwiceConcurrently()
    {
        var (_, hook, _) = await SubscribeAsync("/crash");
        var tenant = await TenantAsync(_lastAlliance!);

        // The state a dispatcher leaves when it dies between claiming and sending: a pending delivery whose committed
        // lease (locked_until) has not run out yet. Written directly, so no live dispatcher can race the set-up.
        var payload = WebhookDeliveryRunner.Envelope(WebhookEventTypes.SpaceCreated, DateTimeOffset.UtcNow, "{\"name\":\"crash test\"}");
        await using (var connection = new NpgsqlConnection(api.Database.Owner))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO \"{tenant.SchemaName}\".webhook_deliveries (id, subscription_id, event_id, event_type, payload, state, attempts, " +
                "next_attempt_at, locked_until, created_at, updated_at) VALUES ($1, $2, $3, 'space.created', $4, 'pending', 1, now(), now() + interval '3 seconds', now(), now())",
                connection);
            insert.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            insert.Parameters.Add(new() { Value = hook });
            insert.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            insert.Parameters.Add(new() { Value = payload });
            await insert.ExecuteNonQueryAsync();
        }

        // While the lease holds, neither the hosted dispatcher (it keeps sweeping) nor a second runner takes it.
        await using (var scope = api.Services.GetRequiredService<TenantScopeFactory>().Begin(tenant))
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>().ClaimAsync(default));
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.DoesNotContain(_receiver.Requests, r => r.Path == "/crash");

        // After the lease expires the delivery goes out, exactly once.
        var received = await Poll.UntilAsync(() => _receiver.Requests.Where(r => r.Path == "/crash").ToList(), r => r.Count >= 1, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(_receiver.Requests, r => r.Path == "/crash");
        Assert.Equal("space.created", JsonDocument.Parse(received[0].Body).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task GiveADueDelivery_ToOneOfTwoConcurrentClaimants()
    {
        var (client, hook, _) = await SubscribeAsync("/race");
        var tenant = await TenantAsync(_lastAlliance!);
        _receiver.Behaviour = (_, _) => (200, TimeSpan.Zero);
        var scopes = api.Services.GetRequiredService<TenantScopeFactory>();
        using var ping = await client.PostAsync($"/v1/webhooks/{hook}/ping", null);
        var claimedIds = new List<Guid>();
        for (var round = 0; round < 3; round++)
        {
            var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                await using var scope = scopes.Begin(tenant);
                return await scope.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>().ClaimAsync(default);
            }));
            claimedIds.AddRange(concurrent.SelectMany(c => c).Select(d => d.Id));
        }

        // Whoever won (a test claimant or the hosted dispatcher), no delivery was claimed twice.
        Assert.Equal(claimedIds.Count, claimedIds.Distinct().Count());
    }

    private ClaimedAlliance? _lastAlliance;

    private async Task<(HttpClient Client, Guid Hook, string Secret)> SubscribeAsync(string path)
    {
        var subscribed = await WebhookTestKit.SubscribeAsync(api, _receiver.BaseUrl + path);
        _lastAlliance = subscribed.Alliance;
        return (subscribed.Client, subscribed.Hook, subscribed.Secret);
    }

    private Task<TenantContext> TenantAsync(ClaimedAlliance alliance) => WebhookTestKit.TenantAsync(api, alliance);

    private Task<long> CountAsync(TenantContext tenant, string sql) => WebhookTestKit.CountAsync(api, tenant, sql);
}
