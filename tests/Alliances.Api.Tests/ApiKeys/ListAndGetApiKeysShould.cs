using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.ApiKeys;

public sealed class ListAndGetApiKeysShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task WalkEveryKeyOnce_FollowingNextCursorAndTheLinkHeader()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var created = new List<CreatedKey>();
        for (var i = 0; i < 4; i++)
        {
            created.Add(await organizer.CreateKeyAsync(i % 2 == 0 ? "integration" : "space_owner", i % 2 == 0 ? null : await organizer.NewSpaceIdAsync(), name: $"key {i}"));
        }

        var seen = new List<Guid>();
        var path = "/v1/api-keys?limit=2";
        var pages = 0;
        while (true)
        {
            using var response = await organizer.GetAsync(path);
            var page = await response.ReadJsonAsync();
            pages++;
            var items = page.GetProperty("items");
            Assert.InRange(items.GetArrayLength(), 1, 2);
            seen.AddRange(items.EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            var next = page.GetProperty("nextCursor").GetString();
            if (next is null)
            {
                Assert.False(response.Headers.Contains("Link"), "The last page must not link to a next one.");
                break;
            }

            var link = Assert.Single(response.Headers.GetValues("Link"));
            Assert.EndsWith("; rel=\"next\"", link);
            var target = link[1..link.IndexOf('>', StringComparison.Ordinal)];
            Assert.Contains("limit=2", target);
            Assert.Contains("cursor=" + Uri.EscapeDataString(next), target);
            path = target;
            Assert.True(pages < 10, "The walk does not end.");
        }

        Assert.Equal(3, pages);
        Assert.Equal(5, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), created.Select(c => c.Id).ToHashSet());
    }

    [Fact]
    public async Task NeverShowAKeyText_InTheListOrInAGet()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var created = new[]
        {
            await organizer.CreateKeyAsync("organizer"),
            await organizer.CreateKeyAsync("space_owner", await organizer.NewSpaceIdAsync()),
            await organizer.CreateKeyAsync("integration"),
        };
        var secrets = created.Select(c => c.Key).Append(alliance.OrganizerKey).ToArray();

        var bodies = new List<string>();
        using (var list = await organizer.GetAsync("/v1/api-keys"))
        {
            bodies.Add(await list.Content.ReadAsStringAsync());
            var items = JsonDocument.Parse(bodies[^1]).RootElement.GetProperty("items");
            Assert.Equal(4, items.GetArrayLength());
            Assert.All(items.EnumerateArray(), AssertShowsNoKey);
        }

        foreach (var key in created)
        {
            using var get = await organizer.GetAsync($"/v1/api-keys/{key.Id}");
            bodies.Add(await get.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            AssertShowsNoKey(JsonDocument.Parse(bodies[^1]).RootElement);
        }

        foreach (var body in bodies)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret[4..], body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task GetOneKey_WithTheSameFieldsAsWhenItWasCreated()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var spaceId = await organizer.NewSpaceIdAsync();
        var expiresAt = DateTimeOffset.UtcNow.AddDays(7);
        var created = await organizer.CreateKeyAsync("space_owner", spaceId, expiresAt, name: "Workshop");

        var key = await organizer.GetKeyAsync(created.Id);

        Assert.Equal(created.Id, key.GetProperty("id").GetGuid());
        Assert.Equal("Workshop", key.GetProperty("name").GetString());
        Assert.Equal("space_owner", key.GetProperty("role").GetString());
        Assert.Equal(spaceId, key.GetProperty("spaceId").GetGuid());
        Assert.Equal(created.Key[..8], key.GetProperty("prefix").GetString());
        Assert.Equal(created.Body.GetProperty("createdAt").GetDateTimeOffset(), key.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(created.Body.GetProperty("updatedAt").GetDateTimeOffset(), key.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal(created.Body.GetProperty("expiresAt").GetDateTimeOffset(), key.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, key.GetProperty("lastUsedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, key.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task Return404_ForAnUnknownId_AndForAKeyOfAnotherAlliance()
    {
        var alliance = await api.ClaimAsync();
        var other = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var otherOrganizer = api.Alliance(other.Subdomain, other.OrganizerKey);
        var othersKey = await otherOrganizer.CreateKeyAsync("integration");

        using var unknown = await organizer.GetAsync($"/v1/api-keys/{Guid.CreateVersion7()}");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        using var foreign = await organizer.GetAsync($"/v1/api-keys/{othersKey.Id}");
        await foreign.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("role=organizer", "role")]
    public async Task Return400NamingTheParameter_ForABadQuery(string query, string field)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var response = await organizer.GetAsync("/v1/api-keys?" + query);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"Expected errors to name '{field}': {problem}");
    }

    private static void AssertShowsNoKey(JsonElement key)
    {
        Assert.False(key.TryGetProperty("key", out _), $"A listed key must not carry its text: {key}");
        Assert.Equal(8, key.GetProperty("prefix").GetString()!.Length);
    }
}
