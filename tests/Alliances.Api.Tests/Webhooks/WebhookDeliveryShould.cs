using System.Net;
using System.Text.Json;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using static Alliances.Api.Tests.Webhooks.WebhookTestKit;

namespace Alliances.Api.Tests.Webhooks;

[Collection(SharedWebhookDispatcher.Name)]
public sealed class WebhookDeliveryShould(WebhooksApiFactory api) : IAsyncLifetime
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
        var received = await WebhookTestKit.WaitForAsync(() => _receiver.Requests.Where(r => r.Path == "/retry").ToList(), r => r.Count >= 3);

        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.StartsWith("msg_", received[0].Id, StringComparison.Ordinal);
        Assert.All(received, r => Assert.True(WebhookSignatureShould.Verify(secret, r.Id, r.Timestamp, r.Body, r.Signature)));
        Assert.Equal("webhook.ping", JsonDocument.Parse(received[0].Body).RootElement.GetProperty("type").GetString());
        var log = await WebhookTestKit.WaitForAsync(() => DeliveriesAsync(client, hook), l => l.Count >= 3 && l[0].GetProperty("deliveryState").GetString() == "succeeded");
        Assert.Equal([200, 500, 500], log.Select(a => a.GetProperty("responseStatus").GetInt32()));
        Assert.All(log, a => Assert.Equal(WebhookDeliveryRunner.ExcerptLength, a.GetProperty("responseExcerpt").GetString()!.Length));
    }

    [Fact]
    public async Task RecordATimeout()
    {
        var (client, hook, _) = await SubscribeAsync("/slow");
        _receiver.Behaviour = (_, n) => (200, n == 1 ? TimeSpan.FromSeconds(3) : TimeSpan.Zero);

        using var ping = await client.PostAsync($"/v1/webhooks/{hook}/ping", null);
        var log = await WebhookTestKit.WaitForAsync(() => DeliveriesAsync(client, hook), l => l.Count >= 2);

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
        var view = await WebhookTestKit.WaitForAsync(async () => await (await client.GetAsync($"/v1/webhooks/{hook}")).ReadJsonAsync(), v => v.GetProperty("state").GetString() == "disabled");

        Assert.False(view.GetProperty("active").GetBoolean());
        Assert.Single(await DeliveriesAsync(client, hook));
    }

    [Fact]
    public async Task SignWithBothSecrets_DuringARotationOverlap_AndWithOnlyTheNewOne_AfterIt()
    {
        var (client, hook, old) = await SubscribeAsync("/rotate");
        var tenant = await TenantAsync(_lastAlliance!);
        using var rotate = await client.PostAsync($"/v1/webhooks/{hook}/rotate-secret", null);
        var rotated = await rotate.ReadJsonAsync();
        var current = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(old, current);
        var read = await GetAsync(client, hook);
        var listed = await (await client.GetAsync("/v1/webhooks")).ReadJsonAsync();
        Assert.DoesNotContain("whsec_", read.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", listed.ToString(), StringComparison.Ordinal);
        Assert.InRange(rotated.GetProperty("previousSecretExpiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));

        using (await client.PostAsync($"/v1/webhooks/{hook}/ping", null))
        {
            var during = (await WaitForAsync(() => _receiver.On("/rotate"), r => r.Count >= 1))[0];
            var signatures = during.Signature.Split(' ');
            Assert.Equal(2, signatures.Length);
            Assert.All(signatures, v => Assert.StartsWith("v1,", v, StringComparison.Ordinal));
            Assert.True(WebhookSignatureShould.Verify(current, during.Id, during.Timestamp, during.Body, during.Signature));
            Assert.True(WebhookSignatureShould.Verify(old, during.Id, during.Timestamp, during.Body, during.Signature));
        }

        // The overlap ends (moved into the past instead of waiting a day): the old secret no longer signs.
        await ScalarAsync(api, tenant, $"UPDATE {{schema}}.webhook_subscriptions SET previous_secret_expires_at = now() - interval '1 second' WHERE id = '{hook}'");
        using (await client.PostAsync($"/v1/webhooks/{hook}/ping", null))
        {
            var after = (await WaitForAsync(() => _receiver.On("/rotate"), r => r.Count >= 2))[1];
            Assert.Single(after.Signature.Split(' '));
            Assert.True(WebhookSignatureShould.Verify(current, after.Id, after.Timestamp, after.Body, after.Signature));
            Assert.False(WebhookSignatureShould.Verify(old, after.Id, after.Timestamp, after.Body, after.Signature));
        }
    }

    [Fact]
    public async Task StampEachAttemptWithItsOwnTime_NotTheTimeOfTheEvent()
    {
        var (_, hook, secret) = await SubscribeAsync("/late");
        var tenant = await TenantAsync(_lastAlliance!);

        // A retry that comes due two hours after its delivery was created.
        await ScalarAsync(api, tenant,
            "INSERT INTO {schema}.webhook_deliveries (id, subscription_id, event_id, event_type, payload, state, attempts, next_attempt_at, created_at, updated_at) " +
            $"VALUES (gen_random_uuid(), '{hook}', gen_random_uuid(), 'space.created', '{{\"type\":\"space.created\",\"data\":{{}}}}', 'pending', 3, now(), " +
            "now() - interval '2 hours', now() - interval '2 hours')");

        var received = (await WaitForAsync(() => _receiver.On("/late"), r => r.Count == 1))[0];
        var stamped = DateTimeOffset.FromUnixTimeSeconds(long.Parse(received.Timestamp, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(stamped, received.ReceivedAt.AddSeconds(-5), received.ReceivedAt.AddSeconds(1));
        Assert.True(WebhookSignatureShould.Verify(secret, received.Id, received.Timestamp, received.Body, received.Signature));
    }

    [Fact]
    public async Task MarkTheSubscriptionFailing_WhenARetryScheduleRunsOut_AndDisableIt_WhenThatRepeats()
    {
        // WebhooksApiFactory: 3 retries 200 ms (±20 %) apart; disabled after 2 exhausted schedules in a row.
        var (client, hook, _) = await SubscribeAsync("/exhaust");
        _receiver.Behaviour = (_, _) => (503, TimeSpan.Zero);

        using (await client.PostAsync($"/v1/webhooks/{hook}/ping", null))
        {
            var failing = await WaitForAsync(() => GetAsync(client, hook), v => v.GetProperty("state").GetString() != "healthy");
            Assert.Equal("failing", failing.GetProperty("state").GetString());
            Assert.True(failing.GetProperty("active").GetBoolean());
        }

        var log = await DeliveriesAsync(client, hook);
        Assert.Equal(4, log.Count);
        Assert.All(log, a => Assert.Equal("failed", a.GetProperty("deliveryState").GetString()));
        var times = log.Select(a => a.GetProperty("attemptedAt").GetDateTimeOffset()).Order().ToList();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(150), $"{pair.First:O} → {pair.Second:O}"));

        using (await client.PostAsync($"/v1/webhooks/{hook}/ping", null))
        {
            var disabled = await WaitForAsync(() => GetAsync(client, hook), v => v.GetProperty("state").GetString() == "disabled");
            Assert.False(disabled.GetProperty("active").GetBoolean());
            Assert.Contains("2 deliveries in a row", disabled.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        }

        // Disabled: a ping is refused, and a new event is fanned out (dispatched_at set: the positive signal) without a
        // delivery for it, so nothing can be sent.
        var sent = _receiver.On("/exhaust").Count;
        using (var refused = await client.PostAsync($"/v1/webhooks/{hook}/ping", null))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "webhook-inactive");
        }

        var tenant = await TenantAsync(_lastAlliance!);
        var later = await AddEventAsync(api, tenant, WebhookEventTypes.SpaceCreated, new { name = "after disabling" });
        await WaitForAsync(() => ScalarAsync(api, tenant, $"SELECT dispatched_at FROM {{schema}}.outbox_events WHERE id = '{later}'"), at => at is not null);
        Assert.Equal(0, await CountAsync(tenant, $"SELECT count(*) FROM {{schema}}.webhook_deliveries WHERE event_id = '{later}'"));
        Assert.Equal(0, await CountAsync(tenant, $"SELECT count(*) FROM {{schema}}.webhook_deliveries WHERE subscription_id = '{hook}' AND state = 'pending'"));
        Assert.Equal(sent, _receiver.On("/exhaust").Count);
    }

    [Fact]
    public async Task Redeliver_AsANewDeliveryOfTheSameMessage_AndListAttemptsPageByPage()
    {
        var (client, hook, secret) = await SubscribeAsync("/again");
        using var ping = await client.PostAsync($"/v1/webhooks/{hook}/ping", null);
        var first = await ping.ReadJsonAsync(HttpStatusCode.Accepted);
        await WaitForAsync(() => DeliveriesAsync(client, hook), l => l.Count == 1 && l[0].GetProperty("deliveryState").GetString() == "succeeded");

        using var redeliver = await client.PostAsync($"/v1/webhooks/{hook}/deliveries/{first.GetProperty("deliveryId")}/redeliver", null);
        var second = await redeliver.ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.NotEqual(first.GetProperty("deliveryId").GetGuid(), second.GetProperty("deliveryId").GetGuid());
        Assert.Equal(first.GetProperty("messageId").GetString(), second.GetProperty("messageId").GetString());

        var received = await WaitForAsync(() => _receiver.On("/again"), r => r.Count >= 2);
        Assert.Equal(received[0].Id, received[1].Id);
        Assert.Equal(received[0].Body, received[1].Body);
        Assert.True(WebhookSignatureShould.Verify(secret, received[1].Id, received[1].Timestamp, received[1].Body, received[1].Signature));

        // limit=1: two pages, newest attempt first, joined by the cursor with no overlap.
        await WaitForAsync(() => DeliveriesAsync(client, hook), l => l.Count == 2 && l.All(a => a.GetProperty("deliveryState").GetString() == "succeeded"));
        using var page1 = await client.GetAsync($"/v1/webhooks/{hook}/deliveries?limit=1");
        var one = await page1.ReadJsonAsync();
        Assert.Contains("rel=\"next\"", page1.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        using var page2 = await client.GetAsync($"/v1/webhooks/{hook}/deliveries?limit=1&cursor={Uri.EscapeDataString(one.GetProperty("nextCursor").GetString()!)}");
        var two = await page2.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, two.GetProperty("nextCursor").ValueKind);
        Assert.Equal(second.GetProperty("deliveryId").GetGuid(), one.GetProperty("items")[0].GetProperty("deliveryId").GetGuid());
        Assert.Equal(first.GetProperty("deliveryId").GetGuid(), two.GetProperty("items")[0].GetProperty("deliveryId").GetGuid());
        Assert.All(new[] { one.GetProperty("items")[0], two.GetProperty("items")[0] }, a =>
        {
            Assert.Equal(200, a.GetProperty("responseStatus").GetInt32());
            Assert.True(a.GetProperty("latencyMs").GetInt32() >= 0);
        });
    }

    [Fact]
    public async Task FindWork_ThroughTheOutboxPendingTable_NotByScanningSchemas()
    {
        var (_, hook, _) = await SubscribeAsync("/unsignalled");
        var tenant = await TenantAsync(_lastAlliance!);

        // A due delivery whose signal is removed in its own transaction: the dispatchers are NOTIFYed at commit, but
        // platform.outbox_pending does not name the alliance, so no sweep looks into its schema.
        await SeedSilentlyAsync(api, tenant, DueDeliveriesSql(hook, count: 1));
        // Two whole sweeps after the seeding (the first may have read outbox_pending before it) passed it by: the
        // delivery was never claimed, so nothing was sent.
        var dispatcher = api.Services.GetServices<IHostedService>().OfType<WebhookDispatcher>().Single();
        var before = dispatcher.CompletedSweeps;
        await WaitForAsync(() => dispatcher.CompletedSweeps, n => n >= before + 2);
        Assert.Equal(0, await CountAsync(tenant, $"SELECT count(*) FROM {{schema}}.webhook_deliveries WHERE subscription_id = '{hook}' AND attempts > 0"));
        Assert.Empty(_receiver.On("/unsignalled"));

        await ScalarAsync(api, tenant,
            "INSERT INTO platform.outbox_pending AS p (alliance_id, version, signalled_at) VALUES ('{id}', 1, now()) " +
            "ON CONFLICT (alliance_id) DO UPDATE SET version = p.version + 1");
        await WaitForAsync(() => _receiver.On("/unsignalled"), r => r.Count == 1);
        await WaitForAsync(() => CountAsync(tenant, "SELECT count(*) FROM platform.outbox_pending WHERE alliance_id = '{id}'"), n => n == 0);
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

        // The commit NOTIFYs the dispatchers with the alliance's id (the pending row it writes may already be gone: the
        // hosted dispatcher removes it once the work is done, so the notification is what is checked).
        await using var listener = new NpgsqlConnection(api.Database.Owner);
        await listener.OpenAsync();
        var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) =>
        {
            // Other tests' alliances signal on the same channel.
            if (e.Payload == alliance.Id.ToString())
            {
                signalled.TrySetResult();
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {WebhookDispatcher.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await AddEventAsync(api, tenant, WebhookEventTypes.SpaceCreated, new { name = "committed" });

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!signalled.Task.IsCompleted)
        {
            await listener.WaitAsync(wait.Token); // throws if no signal for this alliance arrives in time
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
        var received = await WebhookTestKit.WaitForAsync(() => _receiver.Requests.Where(r => r.Path == "/crash").ToList(), r => r.Count >= 1, TimeSpan.FromSeconds(20));
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

    [Fact]
    public async Task RunOnADatabaseOfItsOwn_SoItsDispatcherCannotReachOtherTestClassesAlliances()
    {
        var shared = await TestDatabase.GetAsync();
        if (shared.Superuser is null)
        {
            return; // an external test database without a superuser: no second database can be made
        }

        // What the dispatcher reads (outbox_pending, as the owner) and LISTENs on (as the app role).
        var owner = api.Services.GetRequiredService<OwnerDataSource>().DataSource.ConnectionString;
        var app = api.Services.GetRequiredService<AppDataSource>().DataSource.ConnectionString;
        var others = new NpgsqlConnectionStringBuilder(shared.Owner).Database;
        Assert.NotEqual(others, new NpgsqlConnectionStringBuilder(owner).Database);
        Assert.NotEqual(others, new NpgsqlConnectionStringBuilder(app).Database);
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
