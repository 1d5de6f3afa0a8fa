using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.ApiKeys;

/// <summary><c>lastUsedAt</c> and <c>expiresAt</c>, against a clock the test controls.</summary>
public sealed class KeyTimesShould(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    [Fact]
    public async Task RecordLastUsedAt_AtMostOncePerMinute()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        // A second organizer key is the one under test, so reading it with the first never counts as a use of it.
        var key = await organizer.CreateKeyAsync("organizer");
        using var client = api.Alliance(alliance.Subdomain, key.Key);
        Assert.Null(await LastUsedAtAsync(organizer, key.Id));

        var t0 = api.Clock.GetUtcNow();
        await UseAsync(client);
        Assert.Equal(t0, await LastUsedAtAsync(organizer, key.Id));

        api.Clock.Advance(TimeSpan.FromSeconds(30));
        await UseAsync(client);
        Assert.Equal(t0, await LastUsedAtAsync(organizer, key.Id));

        api.Clock.Advance(TimeSpan.FromSeconds(31));
        await UseAsync(client);
        Assert.Equal(t0.AddSeconds(61), await LastUsedAtAsync(organizer, key.Id));

        // The stored value is what the API shows.
        var schema = await AllianceSchema.OfAsync(api.Database, alliance.Subdomain);
        await using var connection = await schema.OpenOwnerAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT last_used_at FROM {schema.Quoted}.api_keys WHERE id = $1", connection)
        {
            Parameters = { new() { Value = key.Id } },
        };
        Assert.Equal(t0.AddSeconds(61), new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!));
    }

    [Fact]
    public async Task RefuseAKey_OnceItsExpiryHasPassed()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var expiresAt = api.Clock.GetUtcNow().AddSeconds(10);
        var key = await organizer.CreateKeyAsync("organizer", expiresAt: expiresAt);
        using var expiring = api.Alliance(alliance.Subdomain, key.Key);

        api.Clock.Advance(TimeSpan.FromSeconds(9));
        using (var before = await expiring.GetAsync("/v1/api-keys"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        api.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var after = await expiring.GetAsync("/v1/api-keys"))
        {
            await after.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        // Expired is not revoked: the key is still listed as it was, and the organizer key is unaffected.
        var view = await organizer.GetKeyAsync(key.Id);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("revokedAt").ValueKind);
        Assert.Equal(expiresAt, view.GetProperty("expiresAt").GetDateTimeOffset());
    }

    private static async Task UseAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/v1/api-keys");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<DateTimeOffset?> LastUsedAtAsync(HttpClient organizer, Guid id)
    {
        var lastUsedAt = (await organizer.GetKeyAsync(id)).GetProperty("lastUsedAt");
        return lastUsedAt.ValueKind == JsonValueKind.Null ? null : lastUsedAt.GetDateTimeOffset();
    }
}
