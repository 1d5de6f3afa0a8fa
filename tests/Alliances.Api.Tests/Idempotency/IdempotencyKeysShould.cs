using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Idempotency;

/// <summary><c>Idempotency-Key</c> on a creating POST (<c>POST /v1/api-keys</c> here; every creating POST shares the middleware).</summary>
public sealed class IdempotencyKeysShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Replay_TheFirstStatusAndBody()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var key = Guid.NewGuid().ToString();

        using var first = await PostKeyAsync(client, key, "ci bot");
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var second = await PostKeyAsync(client, key, "ci bot");
        var secondBody = await second.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.StartsWith($"https://{alliance.Subdomain}.{ApiFactory.Apex}/v1/api-keys/", second.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(1, await CountKeysNamedAsync(client, "ci bot"));
    }

    [Fact]
    public async Task Reject_TheSameKeyWithAnotherBody_With422()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var key = Guid.NewGuid().ToString();
        using var first = await PostKeyAsync(client, key, "one");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await PostKeyAsync(client, key, "two");

        await second.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(0, await CountKeysNamedAsync(client, "two"));
    }

    [Fact]
    public async Task Answer409_WhileTheFirstIsStillRunning()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var key = Guid.NewGuid().ToString();
        // The claim row of a request that is running right now (another node, or this one a moment earlier).
        var body = JsonSerializer.SerializeToUtf8Bytes(new { name = "slow", role = "integration" });
        await IdempotencyRows.InsertInProgressAsync(api, alliance, key, "/v1/api-keys", body);

        using var response = await client.SendAsync(Request(key, body));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency-key-in-flight");
        Assert.Equal(0, await CountKeysNamedAsync(client, "slow"));
    }

    [Fact]
    public async Task CreateExactlyOneResource_FromConcurrentDuplicates()
    {
        var alliance = await api.ClaimAsync();
        var key = Guid.NewGuid().ToString();
        var clients = Enumerable.Range(0, 12).Select(_ => api.Alliance(alliance.Subdomain, alliance.OrganizerKey)).ToList();
        try
        {
            // Each claim stops before its insert, inside its statement: the race is real once two are there at once.
            await using var gate = await RaceGate.CloseAsync(api.Database, alliance.Id, "idempotency_records", "BEFORE INSERT");
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racers = clients.Select(async c =>
            {
                await go.Task;
                return await PostKeyAsync(c, key, "racer");
            }).ToList();
            go.SetResult(); // all released together
            await gate.OpenWhenAsync(seen => seen.AtGate >= 2);
            var responses = await Task.WhenAll(racers);
            var statuses = responses.Select(r => r.StatusCode).ToList();
            var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
            var bodies = await Task.WhenAll(created.Select(r => r.Content.ReadAsStringAsync()));

            Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
            Assert.NotEmpty(created);
            Assert.Single(bodies.Distinct());
            Assert.Equal(1, await CountKeysNamedAsync(clients[0], "racer"));
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Scope_AKey_ToTheCallingApiKey_AndToTheAlliance()
    {
        var alliance = await api.ClaimAsync();
        var other = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var second = await ApiKeys.ApiKeyCalls.CreateKeyAsync(organizer, "organizer");
        using var secondOrganizer = api.Alliance(alliance.Subdomain, second.Key);
        using var otherOrganizer = api.Alliance(other.Subdomain, other.OrganizerKey);
        var key = Guid.NewGuid().ToString();

        using var first = await PostKeyAsync(organizer, key, "shared");
        using var byAnotherKey = await PostKeyAsync(secondOrganizer, key, "shared");
        using var inAnotherAlliance = await PostKeyAsync(otherOrganizer, key, "shared");

        foreach (var response in new[] { first, byAnotherKey, inAnotherAlliance })
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        }

        Assert.Equal(2, await CountKeysNamedAsync(organizer, "shared"));
        Assert.Equal(1, await CountKeysNamedAsync(otherOrganizer, "shared"));
    }

    [Fact]
    public async Task Forget_AKey_After24Hours()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var key = Guid.NewGuid().ToString();
        using (var first = await PostKeyAsync(client, key, "yesterday"))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        await IdempotencyRows.AgeAsync(api, alliance, key, TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        // A day later the key is free again: another body is a new request, not a 422.
        using var later = await PostKeyAsync(client, key, "today");
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.False(later.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await CountKeysNamedAsync(client, "today"));
    }

    [Fact]
    public async Task Reject_AMalformedKey()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var response = await PostKeyAsync(client, new string('k', 256), "long");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "idempotency-key-invalid");
    }

    [Fact]
    public async Task LeaveRequestsWithoutAKey_Alone()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var one = await client.PostAsJsonAsync("/v1/api-keys", new { name = "plain", role = "integration" });
        using var two = await client.PostAsJsonAsync("/v1/api-keys", new { name = "plain", role = "integration" });
        Assert.Equal(HttpStatusCode.Created, one.StatusCode);
        Assert.Equal(HttpStatusCode.Created, two.StatusCode);
        Assert.Equal(2, await CountKeysNamedAsync(client, "plain"));
    }

    private static Task<HttpResponseMessage> PostKeyAsync(HttpClient client, string idempotencyKey, string name) =>
        client.SendAsync(Request(idempotencyKey, JsonSerializer.SerializeToUtf8Bytes(new { name, role = "integration" })));

    private static HttpRequestMessage Request(string idempotencyKey, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/api-keys") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return request;
    }

    private static async Task<int> CountKeysNamedAsync(HttpClient client, string name)
    {
        using var response = await client.GetAsync("/v1/api-keys?limit=100");
        var page = await response.ReadJsonAsync();
        return page.GetProperty("items").EnumerateArray().Count(k => k.GetProperty("name").GetString() == name);
    }
}
