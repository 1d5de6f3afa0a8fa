using System.Net;
using System.Security.Cryptography;
using System.Text;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Tests.Infrastructure;
using Npgsql;

namespace Alliances.Api.Tests.ApiKeys;

/// <summary>
/// A key an alliance has refused (unknown, revoked, expired) is remembered there, so retrying with it costs no
/// database round trip. The memory must never turn a refusal in one alliance into a refusal in another.
/// </summary>
public sealed class RefusedKeysShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Refuse_ARevokedKey_AgainWithoutLookingItUp()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var key = await organizer.CreateKeyAsync("integration");
        using var integration = api.Alliance(alliance.Subdomain, key.Key);
        using (var before = await integration.GetAsync("/v1/alliance"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await organizer.RevokeKeyAsync(key.Id);
        using (var revoked = await integration.GetAsync("/v1/alliance"))
        {
            await revoked.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        // Behind the API's back, the row is made valid again. The API cannot do this (a revocation is final), which is
        // why remembering refusals is safe; here it shows that the second refusal did not read the row.
        var schema = await AllianceSchema.OfAsync(api.Database, alliance.Subdomain);
        await using (var connection = await schema.OpenOwnerAsync())
        await using (var command = new NpgsqlCommand($"UPDATE {schema.Quoted}.api_keys SET revoked_at = NULL WHERE id = $1", connection)
        {
            Parameters = { new() { Value = key.Id } },
        })
        {
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        using var again = await integration.GetAsync("/v1/alliance");
        await again.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task KeepARefusal_ToTheAllianceThatRefused()
    {
        var home = await api.ClaimAsync();
        var foreign = await api.ClaimAsync();

        // Refused at the foreign host first, more than once, then presented at home: still good there.
        using var atForeign = api.Alliance(foreign.Subdomain, home.OrganizerKey);
        for (var i = 0; i < 3; i++)
        {
            using var refused = await atForeign.GetAsync("/v1/alliance");
            await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var atHome = api.Alliance(home.Subdomain, home.OrganizerKey);
        using var response = await atHome.GetAsync("/v1/alliance");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(home.Id, (await response.ReadJsonAsync()).GetProperty("id").GetGuid());
    }

    [Fact]
    public void Hold_NoMoreThanItsCapacity()
    {
        using var refused = new RefusedKeys();
        var alliance = Guid.NewGuid();
        for (var i = 0; i < RefusedKeys.Capacity + 500; i++)
        {
            refused.Add(alliance, SHA256.HashData(Encoding.ASCII.GetBytes($"alk_{i}")));
        }

        Assert.InRange(refused.Count, 1, RefusedKeys.Capacity);
    }

    [Fact]
    public void Remember_PerAllianceAndKey()
    {
        using var refused = new RefusedKeys();
        var alliance = Guid.NewGuid();
        var hash = SHA256.HashData("alk_x"u8);
        refused.Add(alliance, hash);

        Assert.True(refused.Contains(alliance, hash));
        Assert.False(refused.Contains(Guid.NewGuid(), hash));
        Assert.False(refused.Contains(alliance, SHA256.HashData("alk_y"u8)));
    }
}
