using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Tests.Infrastructure;
using Npgsql;

namespace Alliances.Api.Tests.ApiKeys;

public sealed class RevokeApiKeyShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Return204_AfterWhichTheKeyGets401Everywhere()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var victim = await organizer.CreateKeyAsync("organizer");
        using var asVictim = api.Alliance(alliance.Subdomain, victim.Key);
        using (var before = await asVictim.GetAsync("/v1/api-keys"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var revoke = await organizer.DeleteAsync($"/v1/api-keys/{victim.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
            Assert.Empty(await revoke.Content.ReadAsByteArrayAsync());
        }

        using var onTheApex = api.Platform(victim.Key);
        var requests = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("GET /v1/api-keys", () => asVictim.GetAsync("/v1/api-keys")),
            ("GET /v1/api-keys/{id}", () => asVictim.GetAsync($"/v1/api-keys/{victim.Id}")),
            ("POST /v1/api-keys", () => asVictim.PostAsJsonAsync("/v1/api-keys", new { name = "after revocation", role = "organizer" })),
            ("DELETE /v1/api-keys/{id}", () => asVictim.DeleteAsync($"/v1/api-keys/{victim.Id}")),
            ("GET /v1/alliance (public)", () => asVictim.GetAsync("/v1/alliance")),
            ("GET /v1/alliances on the apex (public)", () => onTheApex.GetAsync("/v1/alliances")),
        };
        var wrong = new List<string>();
        foreach (var (name, send) in requests)
        {
            using var response = await send();
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                wrong.Add($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(wrong.Count == 0, "A revoked key must get 401 everywhere, but got:\n" + string.Join("\n", wrong));

        var view = await organizer.GetKeyAsync(victim.Id);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, view.GetProperty("revokedAt").ValueKind);
        Assert.Equal(view.GetProperty("revokedAt").GetDateTimeOffset(), view.GetProperty("updatedAt").GetDateTimeOffset());
        // A revoked key stays listed, so people can see what was revoked and when.
        Assert.Equal(2, (await organizer.ListAllKeysAsync()).Count);
    }

    [Fact]
    public async Task Return404_ForAnUnknownKey()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var response = await organizer.DeleteAsync($"/v1/api-keys/{Guid.CreateVersion7()}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Return409_WhenRevokingTheLastActiveOrganizerKey_AndAllowItOnceThereIsAnother()
    {
        var alliance = await api.ClaimAsync();
        using var first = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var firstId = await first.ClaimKeyIdAsync();

        using (var refused = await first.DeleteAsync($"/v1/api-keys/{firstId}"))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "last-organizer-key");
        }

        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await first.GetKeyAsync(firstId)).GetProperty("revokedAt").ValueKind);

        var second = await first.CreateKeyAsync("organizer");
        using (var allowed = await first.DeleteAsync($"/v1/api-keys/{firstId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        }

        using (var revokedFirst = await first.GetAsync("/v1/api-keys"))
        {
            await revokedFirst.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        // Now the second is the last one.
        using var asSecond = api.Alliance(alliance.Subdomain, second.Key);
        using (var refusedAgain = await asSecond.DeleteAsync($"/v1/api-keys/{second.Id}"))
        {
            await refusedAgain.AssertProblemAsync(HttpStatusCode.Conflict, "last-organizer-key");
        }

        using var stillWorks = await asSecond.GetAsync("/v1/api-keys");
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task Return409_WhenTheOnlyOtherOrganizerKeysAreRevokedOrExpired()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var firstId = await organizer.ClaimKeyIdAsync();
        var revoked = await organizer.CreateKeyAsync("organizer");
        await organizer.RevokeKeyAsync(revoked.Id);
        var expired = await organizer.CreateKeyAsync("organizer", expiresAt: DateTimeOffset.UtcNow.AddHours(1));
        await (await AllianceSchema.OfAsync(api.Database, alliance.Subdomain)).ExpireKeyAsync(expired.Id);
        // Keys of other roles never count, whatever they can do.
        await organizer.CreateKeyAsync("integration");

        using var response = await organizer.DeleteAsync($"/v1/api-keys/{firstId}");

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "last-organizer-key");
    }

    /// <summary>
    /// The lock-out of issue 16: an organizer key that expires soon, then the permanent one revoked, then a wait. An
    /// expiring key does not count as the one that keeps the alliance reachable, so the revocation is refused; the
    /// expiring key itself can still be revoked (a leaked key never has to wait for its expiry).
    /// </summary>
    [Fact]
    public async Task Return409_WhenOnlyKeysThatExpireWouldBeLeft_ButRevokeAnExpiringKeyAtOnce()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var permanentId = await organizer.ClaimKeyIdAsync();
        var expiring = await organizer.CreateKeyAsync("organizer", expiresAt: DateTimeOffset.UtcNow.AddSeconds(30));

        using (var refused = await organizer.DeleteAsync($"/v1/api-keys/{permanentId}"))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "last-organizer-key");
        }

        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await organizer.GetKeyAsync(permanentId)).GetProperty("revokedAt").ValueKind);
        using (var asExpiring = api.Alliance(alliance.Subdomain, expiring.Key))
        using (var revokeItself = await asExpiring.DeleteAsync($"/v1/api-keys/{expiring.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revokeItself.StatusCode);
        }

        using var stillWorks = await organizer.GetAsync("/v1/api-keys");
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task Return204_ForNonOrganizerKeys_EvenWhenOnlyOneOrganizerKeyIsLeft()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var owner = await organizer.CreateKeyAsync("space_owner", await organizer.NewSpaceIdAsync());
        var integration = await organizer.CreateKeyAsync("integration");

        await organizer.RevokeKeyAsync(owner.Id);
        await organizer.RevokeKeyAsync(integration.Id);

        using var asOwner = api.Alliance(alliance.Subdomain, owner.Key);
        using var response = await asOwner.GetAsync("/v1/api-keys");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    /// <summary>
    /// Two organizer keys each revoke the other at the same moment. Each request alone is allowed (two keys are
    /// active), so only a lock taken before the check keeps one of them. The test holds the rows itself until both
    /// requests are provably waiting on it, then lets them race.
    /// </summary>
    [Fact]
    public async Task KeepOneOrganizerKey_WhenTheLastTwoRevokeEachOtherConcurrently()
    {
        var alliance = await api.ClaimAsync();
        using var first = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var firstId = await first.ClaimKeyIdAsync();
        var second = await first.CreateKeyAsync("organizer");
        using var asSecond = api.Alliance(alliance.Subdomain, second.Key);
        // Both keys were just used, so authenticating them now writes no lastUsedAt (which would also wait on the lock).
        using (var warm = await asSecond.GetAsync("/v1/api-keys"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        var schema = await AllianceSchema.OfAsync(api.Database, alliance.Subdomain);
        await using var holder = await schema.OpenOwnerAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockRows = new NpgsqlCommand(
            $"SELECT id FROM {schema.Quoted}.api_keys WHERE role = 'organizer' AND revoked_at IS NULL FOR UPDATE", holder, transaction))
        {
            await lockRows.ExecuteNonQueryAsync();
        }

        var firstRevokesSecond = first.DeleteAsync($"/v1/api-keys/{second.Id}");
        var secondRevokesFirst = asSecond.DeleteAsync($"/v1/api-keys/{firstId}");
        var waiting = await WaitForBlockedSessionsAsync(holder.ProcessID, 2, firstRevokesSecond, secondRevokesFirst);
        await transaction.CommitAsync();

        using var a = await firstRevokesSecond;
        using var b = await secondRevokesFirst;
        var outcome = $"first→second {(int)a.StatusCode} {await a.Content.ReadAsStringAsync()}; " +
            $"second→first {(int)b.StatusCode} {await b.Content.ReadAsStringAsync()}; sessions seen waiting on the rows: {waiting}";
        var statuses = new[] { (int)a.StatusCode, (int)b.StatusCode }.Order().ToArray();
        Assert.True(statuses.SequenceEqual([204, 409]), "Expected exactly one 204 and one 409: " + outcome);
        var conflict = a.StatusCode == HttpStatusCode.Conflict ? a : b;
        await conflict.AssertProblemAsync(HttpStatusCode.Conflict, "last-organizer-key");

        var survivors = await schema.ActiveOrganizerKeyIdsAsync();
        var winner = a.StatusCode == HttpStatusCode.NoContent ? firstId : second.Id;
        Assert.Equal([winner], survivors);
        Assert.Equal(2, waiting);
    }

    /// <summary>Polls until <paramref name="count"/> sessions wait, directly or in line, on <paramref name="holderPid"/>; or the requests finish without waiting.</summary>
    private async Task<int> WaitForBlockedSessionsAsync(int holderPid, int count, params Task[] requests)
    {
        await using var probe = await AllianceSchema.OpenOwnerAsync(api.Database);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var blocked = 0;
        while (DateTime.UtcNow < deadline && !requests.All(r => r.IsCompleted))
        {
            // The first request waits on the holder; the second waits on the first (for the row's tuple lock), so count both.
            await using var command = new NpgsqlCommand(
                "WITH direct AS (SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))) " +
                "SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) OR pg_blocking_pids(pid) && ARRAY(SELECT pid FROM direct)",
                probe)
            {
                Parameters = { new() { Value = holderPid } },
            };
            blocked = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            if (blocked >= count)
            {
                return blocked;
            }

            await Task.Delay(25);
        }

        return blocked;
    }
}
