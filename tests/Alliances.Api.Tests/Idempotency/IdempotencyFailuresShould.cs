using System.Net;
using System.Text;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;
using Npgsql;

namespace Alliances.Api.Tests.Idempotency;

/// <summary>
/// The idempotency middleware's failure paths (issue #16): a failed handler releases its claim, a claim abandoned past
/// its lease is taken over, and a write whose answer cannot be stored is not committed either, so a retry never runs it
/// twice (defect 5).
/// </summary>
public sealed class IdempotencyFailuresShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task NeverRunAWriteTwice_WhenStoringItsAnswerFails()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var key = Guid.NewGuid().ToString();
        // Storing the completed record fails as a lost connection would (08006), after the handler's insert ran.
        await OwnerSqlAsync(alliance, schema => $"""
            CREATE FUNCTION "{schema}".fail_completion() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'storage lost' USING ERRCODE = '08006'; END $$;
            CREATE TRIGGER fail_completion BEFORE UPDATE ON "{schema}".idempotency_records
            FOR EACH ROW WHEN (NEW.completed_at IS NOT NULL) EXECUTE FUNCTION "{schema}".fail_completion();
            """);

        using (var failed = await client.SendAsync(Propose(key, "Only once")))
        {
            await failed.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database-unavailable");
        }

        // The write went with its answer: nothing to find, and the claim is free for the retry.
        Assert.Equal(0, await CountPrioritiesAsync(client, "Only once"));
        await OwnerSqlAsync(alliance, schema => $"""DROP TRIGGER fail_completion ON "{schema}".idempotency_records""");

        using var retry = await client.SendAsync(Propose(key, "Only once"));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        using var replay = await client.SendAsync(Propose(key, "Only once"));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(1, await CountPrioritiesAsync(client, "Only once"));
    }

    [Fact]
    public async Task ReleaseTheClaim_WhenTheHandlerFails_SoTheRetryRuns()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var key = Guid.NewGuid().ToString();

        // A long transaction holds the table: the handler's insert meets the lock timeout and fails with a 503.
        await using (var holder = new NpgsqlConnection(api.Database.Owner))
        {
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            var schema = await SchemaOfAsync(holder, alliance);
            await using (var lockTable = new NpgsqlCommand($"LOCK TABLE \"{schema}\".priorities IN ACCESS EXCLUSIVE MODE", holder, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            using var failed = await client.SendAsync(Propose(key, "Locked out"));
            await failed.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database-unavailable");
            await transaction.RollbackAsync();
        }

        using var retry = await client.SendAsync(Propose(key, "Locked out"));

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await CountPrioritiesAsync(client, "Locked out"));
    }

    [Fact]
    public async Task TakeOver_AClaimAbandonedPastItsLease()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var key = Guid.NewGuid().ToString();
        var body = JsonSerializer.SerializeToUtf8Bytes(new { name = "orphan", role = "integration" });
        // The claim of a node that died mid-request, older than the lease.
        await IdempotencyRows.InsertInProgressAsync(api, alliance, key, "/v1/api-keys", body);
        await IdempotencyRows.AgeAsync(api, alliance, key, Alliances.Api.Infrastructure.Idempotency.IdempotencyMiddleware.AbandonedAfter + TimeSpan.FromSeconds(30));

        using var takeover = await client.SendAsync(KeyRequest(key, body));
        Assert.Equal(HttpStatusCode.Created, takeover.StatusCode);
        using var replay = await client.SendAsync(KeyRequest(key, body));

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(await takeover.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
    }

    // The control for the takeover: the same claim inside its lease is still "in flight".
    [Fact]
    public async Task NotTakeOver_AClaimWithinItsLease()
    {
        var alliance = await api.ClaimAsync();
        using var client = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var key = Guid.NewGuid().ToString();
        var body = JsonSerializer.SerializeToUtf8Bytes(new { name = "busy", role = "integration" });
        await IdempotencyRows.InsertInProgressAsync(api, alliance, key, "/v1/api-keys", body);
        await IdempotencyRows.AgeAsync(api, alliance, key, Alliances.Api.Infrastructure.Idempotency.IdempotencyMiddleware.AbandonedAfter - TimeSpan.FromSeconds(30));

        using var response = await client.SendAsync(KeyRequest(key, body));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency-key-in-flight");
    }

    private static HttpRequestMessage Propose(string idempotencyKey, string title)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/priorities")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { title, area = "community" }), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return request;
    }

    private static HttpRequestMessage KeyRequest(string idempotencyKey, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/api-keys") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return request;
    }

    private static async Task<int> CountPrioritiesAsync(HttpClient client, string title)
    {
        using var response = await client.GetAsync(new Uri("/v1/priorities?limit=100", UriKind.Relative));
        var page = await response.ReadJsonAsync();
        return page.GetProperty("items").EnumerateArray().Count(p => p.GetProperty("title").GetString() == title);
    }

    private async Task OwnerSqlAsync(ClaimedAlliance alliance, Func<string, string> sql)
    {
        await using var connection = new NpgsqlConnection(api.Database.Owner);
        await connection.OpenAsync();
        var schema = await SchemaOfAsync(connection, alliance);
        await using var command = new NpgsqlCommand(sql(schema), connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> SchemaOfAsync(NpgsqlConnection connection, ClaimedAlliance alliance)
    {
        await using var find = new NpgsqlCommand("SELECT schema_name FROM platform.alliances WHERE id = $1", connection);
        find.Parameters.Add(new() { Value = alliance.Id });
        return (string)(await find.ExecuteScalarAsync())!;
    }
}
