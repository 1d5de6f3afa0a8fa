using System.Net;
using System.Net.Http.Json;
using System.Text;
using Alliances.Api.Tests.ApiKeys;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Webhooks;
using Npgsql;

namespace Alliances.Api.Tests.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on POSTs that act rather than create a resource at a new URL. A retried rotation must not
/// end the first secret's overlap, and a retried ping must not send twice.
/// </summary>
public sealed class IdempotentActionsShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task RotateASecret_Once_WhenTheRotationIsRetried()
    {
        var hook = await WebhookTestKit.SubscribeAsync(api, "https://hooks.example.com/alliances");
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync(hook.Client, $"/v1/webhooks/{hook.Hook}/rotate-secret", key);
        var rotated = (await first.ReadJsonAsync()).GetProperty("secret").GetString();
        using var retried = await PostAsync(hook.Client, $"/v1/webhooks/{hook.Hook}/rotate-secret", key);
        var replayed = (await retried.ReadJsonAsync()).GetProperty("secret").GetString();

        Assert.Equal("true", Assert.Single(retried.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(rotated, replayed);
        var (secret, previous) = await SecretsAsync(hook);
        Assert.Equal(rotated, secret);
        // One rotation happened: the secret the receiver had before still signs.
        Assert.Equal(hook.Secret, previous);
    }

    [Fact]
    public async Task Ping_Once_WhenThePingIsRetried()
    {
        var hook = await WebhookTestKit.SubscribeAsync(api, "https://hooks.example.com/alliances");
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync(hook.Client, $"/v1/webhooks/{hook.Hook}/ping", key);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using var retried = await PostAsync(hook.Client, $"/v1/webhooks/{hook.Hook}/ping", key);

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retried.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync(hook.Alliance, "SELECT count(*) FROM webhook_deliveries"));
    }

    [Fact]
    public async Task KeepNoShownOnceSecret_InTheStoredResponse()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync(organizer, "/v1/api-keys", key, new { name = "ci bot", role = "integration" });
        var created = (await first.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("key").GetString()!;
        using var retried = await PostAsync(organizer, "/v1/api-keys", key, new { name = "ci bot", role = "integration" });
        Assert.Equal(created, (await retried.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("key").GetString());

        var schema = await AllianceSchema.OfAsync(api.Database, alliance.Subdomain);
        await using var connection = await schema.OpenOwnerAsync();
        await using var command = new NpgsqlCommand($"SELECT response_body FROM {schema.Quoted}.idempotency_records WHERE idempotency_key = $1", connection)
        {
            Parameters = { new() { Value = key } },
        };
        var stored = (byte[])(await command.ExecuteScalarAsync())!;
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(created[4..16], Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.DoesNotContain("ci bot", Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeaveThePlatformsPosts_ToTheirOwnRules()
    {
        // The apex has no tenant schema to keep records in: a repeated claim with the same key is a second claim.
        using var platform = api.Platform();
        var subdomain = ApiFactory.NewSubdomain();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/alliances") { Content = JsonContent.Create(ApiFactory.ClaimBody(subdomain)) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await platform.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string idempotencyKey, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    private async Task<(string? Secret, string? Previous)> SecretsAsync(WebhookTestKit.Subscribed hook)
    {
        var schema = await AllianceSchema.OfAsync(api.Database, hook.Alliance.Subdomain);
        await using var connection = await schema.OpenOwnerAsync();
        await using var command = new NpgsqlCommand($"SELECT secret, previous_secret FROM {schema.Quoted}.webhook_subscriptions WHERE id = $1", connection)
        {
            Parameters = { new() { Value = hook.Hook } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private async Task<long> CountAsync(ClaimedAlliance alliance, string sql)
    {
        var schema = await AllianceSchema.OfAsync(api.Database, alliance.Subdomain);
        await using var connection = await schema.OpenOwnerAsync();
        await using var command = new NpgsqlCommand(sql.Replace("FROM ", $"FROM {schema.Quoted}.", StringComparison.Ordinal), connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
