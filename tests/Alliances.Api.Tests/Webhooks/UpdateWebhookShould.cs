using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliances.Api.Infrastructure.Outbox;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Spaces;
using static Alliances.Api.Tests.Webhooks.WebhookTestKit;

namespace Alliances.Api.Tests.Webhooks;

/// <summary>
/// <c>PATCH /v1/webhooks/{id}</c>: JSON Merge Patch over the create rules, with ETags. <see cref="ApiFactory"/> is an
/// ordinary (non-Development) server, so http and loopback URLs are refused there; the delivery tests run on
/// <see cref="WebhooksApiFactory"/>, whose dispatcher delivers to a loopback receiver.
/// </summary>
[Collection(SharedWebhookDispatcher.Name)]
public sealed class UpdateWebhookShould(ApiFactory api, WebhooksApiFactory hooks)
    : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private const string Url = "https://hooks.example.org/update";
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task ChangeTheUrl_AndAnswerWithTheViewAndANewETag_NeverTheSecret()
    {
        var (_, client, hook, _) = await SubscribeAsync(api, Url);
        using var before = await client.GetAsync($"/v1/webhooks/{hook}");

        using var response = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"url": "https://hooks.example.org/moved"}""", ifMatch: before.ETag());
        var patched = await response.ReadJsonAsync();

        Assert.Equal("https://hooks.example.org/moved", patched.GetProperty("url").GetString());
        Assert.Equal(["space.created"], patched.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.False(patched.TryGetProperty("secret", out _));
        Assert.NotEqual(before.ETag(), response.ETag());
        Assert.True(patched.GetProperty("updatedAt").GetDateTimeOffset() >= patched.GetProperty("createdAt").GetDateTimeOffset());
        using var after = await client.GetAsync($"/v1/webhooks/{hook}");
        Assert.Equal(patched.ToString(), (await after.ReadJsonAsync()).ToString());
        Assert.Equal(response.ETag(), after.ETag());
    }

    [Fact]
    public async Task ReplaceTheEventTypes_DeduplicatedAndSorted_AsPlainJsonToo()
    {
        var (_, client, hook, _) = await SubscribeAsync(api, Url);

        using var response = await client.PatchJsonAsync($"/v1/webhooks/{hook}",
            """{"eventTypes": ["priority.promoted", "meeting.scheduled", "priority.promoted"]}""", contentType: "application/json");

        var patched = await response.ReadJsonAsync();
        Assert.Equal(["meeting.scheduled", "priority.promoted"], patched.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Url, patched.GetProperty("url").GetString());
    }

    [Fact]
    public async Task PauseWithActiveFalse_AndResumeWithActiveTrue()
    {
        var (_, client, hook, _) = await SubscribeAsync(api, Url);

        using var paused = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"active": false}""");
        var view = await paused.ReadJsonAsync();
        Assert.False(view.GetProperty("active").GetBoolean());
        Assert.Equal("healthy", view.GetProperty("state").GetString());

        using var resumed = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"active": true}""");
        Assert.True((await resumed.ReadJsonAsync()).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task KeepTheETag_WhenThePatchChangesNothing()
    {
        var (_, client, hook, _) = await SubscribeAsync(api, Url);
        using var read = await client.GetAsync($"/v1/webhooks/{hook}");
        var updatedAt = (await read.ReadJsonAsync()).GetProperty("updatedAt").GetString();

        using var same = await client.PatchJsonAsync($"/v1/webhooks/{hook}", $$"""{"url": "{{Url}}", "eventTypes": ["space.created"], "active": true}""", ifMatch: read.ETag());

        Assert.Equal(read.ETag(), same.ETag());
        Assert.Equal(updatedAt, (await same.ReadJsonAsync()).GetProperty("updatedAt").GetString());
    }

    [Theory]
    [InlineData("""{"url": "not a url"}""", "url")]
    [InlineData("""{"url": null}""", "url")]
    [InlineData("""{"url": "https://user:pass@hooks.example.org/x"}""", "url")]
    [InlineData("""{"url": 42}""", "url")]
    [InlineData("""{"eventTypes": []}""", "eventTypes")]
    [InlineData("""{"eventTypes": null}""", "eventTypes")]
    [InlineData("""{"eventTypes": ["space.created", "space.demolished"]}""", "eventTypes[1]")]
    [InlineData("""{"eventTypes": "space.created"}""", "eventTypes")]
    [InlineData("""{"active": "yes"}""", "active")]
    [InlineData("""{"state": "healthy"}""", "state")]
    [InlineData("""{"disabledReason": null}""", "disabledReason")]
    [InlineData("""{"id": "0190a000-0000-7000-8000-000000000000"}""", "id")]
    [InlineData("""{"description": "no such field"}""", "description")]
    public async Task Return400_NamingTheField_AndChangeNothing(string patch, string field)
    {
        var (_, client, hook, _) = await SubscribeAsync(api, Url);
        var before = await GetAsync(client, hook);

        using var response = await client.PatchJsonAsync($"/v1/webhooks/{hook}", patch);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before.ToString(), (await GetAsync(client, hook)).ToString());
    }

    [Fact]
    public async Task Return400_ForMoreThan20EventTypes()
    {
        var (_, client, hook, _) = await SubscribeAsync(api, Url);
        var many = Enumerable.Repeat("space.created", 21).ToArray();

        using var response = await client.PatchAsJsonAsync($"/v1/webhooks/{hook}", new { eventTypes = many });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("eventTypes", out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}""")]
    [InlineData("""{"secret": null}""")]
    [InlineData("""{"url": "https://hooks.example.org/other", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}""")]
    public async Task RefuseTheSecret_NamingIt_AndPointingToRotation(string patch)
    {
        var (_, client, hook, secret) = await SubscribeAsync(hooks, _receiver.BaseUrl + "/secret");
        var before = await GetAsync(client, hook);

        using var response = await client.PatchJsonAsync($"/v1/webhooks/{hook}", patch);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var message = problem.GetProperty("errors").GetProperty("secret")[0].GetString();
        Assert.Contains($"/v1/webhooks/{hook}/rotate-secret", message, StringComparison.Ordinal);
        Assert.Equal(before.ToString(), (await GetAsync(client, hook)).ToString());

        // The stored secret is still the one shown at creation: the next delivery is signed with it.
        using var ping = await client.PostAsync($"/v1/webhooks/{hook}/ping", null);
        var received = await WaitForAsync(() => _receiver.On("/secret"), r => r.Count >= 1);
        Assert.True(WebhookSignatureShould.Verify(secret, received[0].Id, received[0].Timestamp, received[0].Body, received[0].Signature));
    }

    [Fact]
    public async Task RefuseHttp_OutsideDevelopment()
    {
        var (_, client, hook, _) = await SubscribeAsync(api, Url);

        using var response = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"url": "http://hooks.example.org/plain"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("https", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(Url, (await GetAsync(client, hook)).GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("https://10.0.0.7/hook")]
    [InlineData("https://192.168.1.20/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://localhost/hook")]
    public async Task RefusePrivateAndLoopbackTargets(string url)
    {
        var (_, client, hook, _) = await SubscribeAsync(api, Url);

        using var response = await client.PatchAsJsonAsync($"/v1/webhooks/{hook}", new { url });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        // The answer says why the well-formed URL is refused, not that it is malformed.
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("url").EnumerateArray()).GetString();
        Assert.Contains("non-public address", message, StringComparison.Ordinal);
        Assert.Contains(new Uri(url).Host, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return412_ForAStaleIfMatch_AfterAPatchOrARotation_AndLeaveTheSubscriptionUnchanged()
    {
        var (_, client, hook, _) = await SubscribeAsync(api, Url);
        using var read = await client.GetAsync($"/v1/webhooks/{hook}");
        using var someoneElse = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"url": "https://hooks.example.org/first"}""", ifMatch: read.ETag());

        using var stale = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"url": "https://hooks.example.org/second"}""", ifMatch: read.ETag());

        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal("https://hooks.example.org/first", (await GetAsync(client, hook)).GetProperty("url").GetString());

        using var rotated = await client.PostAsync($"/v1/webhooks/{hook}/rotate-secret", null);
        Assert.NotEqual(someoneElse.ETag(), rotated.ETag());
        using var afterRotation = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"active": false}""", ifMatch: someoneElse.ETag());
        await afterRotation.AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        using var fresh = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"url": "https://hooks.example.org/second"}""", ifMatch: rotated.ETag());
        Assert.Equal("https://hooks.example.org/second", (await fresh.ReadJsonAsync()).GetProperty("url").GetString());
    }

    [Fact]
    public async Task Return304_ForIfNoneMatchWithTheCurrentETag()
    {
        var (_, client, hook, _) = await SubscribeAsync(api, Url);
        using var read = await client.GetAsync($"/v1/webhooks/{hook}");

        using var notModified = await client.GetWithAsync($"/v1/webhooks/{hook}", "If-None-Match", read.ETag());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var patched = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"active": false}""");
        using var changed = await client.GetWithAsync($"/v1/webhooks/{hook}", "If-None-Match", read.ETag());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    [Fact]
    public async Task Return412_ForDeleteWithAStaleIfMatch_And204WithTheCurrentOne()
    {
        var (_, client, hook, _) = await SubscribeAsync(api, Url);
        using var read = await client.GetAsync($"/v1/webhooks/{hook}");
        using var change = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"active": false}""");

        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"/v1/webhooks/{hook}");
        stale.Headers.TryAddWithoutValidation("If-Match", read.ETag());
        await (await client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        using var current = new HttpRequestMessage(HttpMethod.Delete, $"/v1/webhooks/{hook}");
        current.Headers.TryAddWithoutValidation("If-Match", change.ETag());
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(current)).StatusCode);
        await (await client.GetAsync($"/v1/webhooks/{hook}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Return404_ForAnUnknownId_AndForAnotherAlliancesSubscription()
    {
        var mine = await SubscribeAsync(api, Url);
        var theirs = await SubscribeAsync(api, "https://hooks.example.org/theirs");

        using var unknown = await mine.Client.PatchJsonAsync($"/v1/webhooks/{Guid.CreateVersion7()}", """{"active": false}""");
        using var foreign = await mine.Client.PatchJsonAsync($"/v1/webhooks/{theirs.Hook}", """{"url": "https://hooks.example.org/hijacked"}""");

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await foreign.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal("https://hooks.example.org/theirs", (await GetAsync(theirs.Client, theirs.Hook)).GetProperty("url").GetString());
    }

    [Fact]
    public async Task ReenableASubscriptionTheDispatcherDisabled_WithACleanRecord_SoDeliveriesResume()
    {
        // WebhooksApiFactory: 3 retries, and disabled after 2 exhausted schedules in a row.
        var (_, client, hook, secret) = await SubscribeAsync(hooks, _receiver.BaseUrl + "/reenable");
        var failing = true;
        _receiver.Behaviour = (_, _) => (failing ? 500 : 200, TimeSpan.Zero);
        await PingAsync(client, hook);
        await WaitForAsync(() => GetAsync(client, hook), v => v.GetProperty("state").GetString() == "failing");
        await PingAsync(client, hook);
        var disabled = await WaitForAsync(() => GetAsync(client, hook), v => v.GetProperty("state").GetString() == "disabled");
        Assert.False(disabled.GetProperty("active").GetBoolean());
        Assert.NotNull(disabled.GetProperty("disabledReason").GetString());

        using var reenabled = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"active": true}""");
        var view = await reenabled.ReadJsonAsync();
        Assert.True(view.GetProperty("active").GetBoolean());
        Assert.Equal("healthy", view.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("disabledReason").ValueKind);

        // The count of exhausted schedules starts again from 0: one more exhaustion marks it failing, not disabled.
        // (Checked before any success, which would reset the count by itself.)
        await PingAsync(client, hook);
        var after = await WaitForAsync(() => GetAsync(client, hook), v => v.GetProperty("state").GetString() != "healthy");
        Assert.Equal("failing", after.GetProperty("state").GetString());
        Assert.True(after.GetProperty("active").GetBoolean());

        failing = false;
        var pinged = await PingAsync(client, hook);
        var received = await WaitForAsync(() => _receiver.On("/reenable"), r => r.Any(x => x.Id == pinged));
        var delivered = received.Last(x => x.Id == pinged);
        Assert.True(WebhookSignatureShould.Verify(secret, delivered.Id, delivered.Timestamp, delivered.Body, delivered.Signature));
        await WaitForAsync(() => GetAsync(client, hook), v => v.GetProperty("state").GetString() == "healthy");
    }

    [Fact]
    public async Task ApplyNewEventTypes_ToTheNextEvent()
    {
        var (alliance, client, hook, _) = await SubscribeAsync(hooks, _receiver.BaseUrl + "/types", WebhookEventTypes.SpaceCreated);
        var tenant = await TenantAsync(hooks, alliance);

        var before = await AddEventAsync(hooks, tenant, WebhookEventTypes.SpaceUpdated, new { name = "before the patch" });
        await WaitForAsync<object?>(() => ScalarAsync(hooks, tenant, $"SELECT dispatched_at FROM {{schema}}.outbox_events WHERE id = '{before}'"), at => at is not null);
        Assert.Equal(0, await CountAsync(hooks, tenant, $"SELECT count(*) FROM {{schema}}.webhook_deliveries WHERE event_id = '{before}'"));

        using var patched = await client.PatchJsonAsync($"/v1/webhooks/{hook}", """{"eventTypes": ["space.updated"]}""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var after = await AddEventAsync(hooks, tenant, WebhookEventTypes.SpaceUpdated, new { name = "after the patch" });

        var received = await WaitForAsync(() => _receiver.On("/types"), r => r.Count >= 1);
        // The subscription's only delivery is done after one attempt (the positive signal), so no other request can follow.
        await WaitForAsync(() => CountAsync(hooks, tenant, $"SELECT count(*) FROM {{schema}}.webhook_deliveries WHERE subscription_id = '{hook}' AND state = 'succeeded'"), n => n == 1);
        Assert.Equal(1, await CountAsync(hooks, tenant, $"SELECT count(*) FROM {{schema}}.webhook_deliveries WHERE subscription_id = '{hook}'"));
        Assert.Equal(1, await CountAsync(hooks, tenant, $"SELECT sum(attempts) FROM {{schema}}.webhook_deliveries WHERE subscription_id = '{hook}'"));
        var only = Assert.Single(_receiver.On("/types"));
        Assert.Equal(WebhookDeliveryRunner.MessageId(after), only.Id);
        var body = JsonDocument.Parse(received[0].Body).RootElement;
        Assert.Equal("space.updated", body.GetProperty("type").GetString());
        Assert.Equal("after the patch", body.GetProperty("data").GetProperty("name").GetString());
    }

    /// <summary>Queues a ping; returns its <c>webhook-id</c>.</summary>
    private static async Task<string> PingAsync(HttpClient client, Guid hook)
    {
        using var ping = await client.PostAsync($"/v1/webhooks/{hook}/ping", null);
        return (await ping.ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("messageId").GetString()!;
    }
}
