using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.ApiKeys;

public sealed partial class CreateApiKeyShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("organizer", false)]
    [InlineData("space_owner", true)]
    [InlineData("integration", false)]
    public async Task Return201_WithTheKeyShownOnce_AndItsRoleInSnakeCase(string role, bool boundToSpace)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        Guid? spaceId = boundToSpace ? await organizer.NewSpaceIdAsync() : null;

        using var response = await organizer.PostAsJsonAsync("/v1/api-keys", new { name = "  Front desk  ", role, spaceId });
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);

        var id = body.GetProperty("id").GetGuid();
        var key = body.GetProperty("key").GetString()!;
        Assert.Equal($"https://{organizer.BaseAddress!.Host}/v1/api-keys/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(7, id.Version);
        Assert.Equal(47, key.Length);
        Assert.Matches(KeyShape(), key);
        Assert.Equal(key[..8], body.GetProperty("prefix").GetString());
        Assert.Equal("Front desk", body.GetProperty("name").GetString());
        Assert.Equal(role, body.GetProperty("role").GetString());
        if (spaceId is { } space)
        {
            Assert.Equal(space, body.GetProperty("spaceId").GetGuid());
        }
        else
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("spaceId").ValueKind);
        }

        Assert.Equal(body.GetProperty("createdAt").GetDateTimeOffset(), body.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.InRange(body.GetProperty("createdAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("expiresAt").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("lastUsedAt").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("revokedAt").ValueKind);

        // The new key authenticates at its own alliance, with its role: only organizers may list keys (403, not 401).
        using var withNewKey = api.Alliance(alliance.Subdomain, key);
        using var list = await withNewKey.GetAsync("/v1/api-keys");
        Assert.Equal(role == "organizer" ? HttpStatusCode.OK : HttpStatusCode.Forbidden, list.StatusCode);
    }

    [Fact]
    public async Task Return422_ForASpaceOwnerKeyNamingAnotherAlliancesSpace_OrAMadeUpOne()
    {
        var alliance = await api.ClaimAsync();
        var other = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var otherOrganizer = api.Alliance(other.Subdomain, other.OrganizerKey);
        var foreignSpace = await otherOrganizer.NewSpaceIdAsync();

        foreach (var spaceId in new[] { foreignSpace, Guid.CreateVersion7() })
        {
            using var response = await organizer.PostAsJsonAsync("/v1/api-keys", new { name = "Stray", role = "space_owner", spaceId });
            var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown-space");
            Assert.True(problem.GetProperty("errors").TryGetProperty("spaceId", out _));
        }

        Assert.DoesNotContain(await organizer.ListAllKeysAsync(), k => k.GetProperty("role").GetString() == "space_owner");
    }

    [Fact]
    public async Task WriteEveryTimeInUtcWithZ()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var expiresAt = new DateTimeOffset(DateTime.UtcNow.AddDays(30).Date, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(2));

        var created = await organizer.CreateKeyAsync("integration", expiresAt: expiresAt);

        foreach (var field in new[] { "createdAt", "updatedAt", "expiresAt" })
        {
            var text = created.Body.GetProperty(field).GetString()!;
            Assert.True(text.EndsWith('Z'), $"API-CONVENTIONS: times are ISO 8601 in UTC with Z; {field} is \"{text}\".");
        }
    }

    [Fact]
    public async Task MakeADifferentKeyEveryTime_WithBase62Spread()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        var keys = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            keys.Add((await organizer.CreateKeyAsync("integration")).Key);
        }

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        // 430 random base62 digits use far more than 26 distinct characters unless the encoding is broken (e.g. hex).
        Assert.True(keys.SelectMany(k => k[4..]).Distinct().Count() > 40, "The keys do not look base62-encoded: " + string.Join(", ", keys));
    }

    [Fact]
    public async Task AcceptAnExpiryInTheFuture_AndStoreItInUtc()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var expiresAt = new DateTimeOffset(DateTime.UtcNow.AddDays(30).Date, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(2));

        var created = await organizer.CreateKeyAsync("integration", expiresAt: expiresAt);

        Assert.Equal(expiresAt, created.Body.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, created.Body.GetProperty("expiresAt").GetDateTimeOffset().Offset);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"role":"integration"}""", "name" },
        { """{"name":"   ","role":"integration"}""", "name" },
        { "{\"name\":\"" + new string('n', 101) + "\",\"role\":\"integration\"}", "name" },
        { """{"name":"x","role":"space_owner"}""", "spaceId" },
        { """{"name":"x","role":"space_owner","spaceId":null}""", "spaceId" },
        { """{"name":"x","role":"organizer","spaceId":"0198c6a8-3a5e-7f00-8000-000000000001"}""", "spaceId" },
        { """{"name":"x","role":"integration","spaceId":"0198c6a8-3a5e-7f00-8000-000000000001"}""", "spaceId" },
        { """{"name":"x","role":"integration","expiresAt":"2020-01-01T00:00:00Z"}""", "expiresAt" },
        { """{"name":"x","role":"admin"}""", "role" },
        { """{"name":"x","role":0}""", "role" },
        { """{"name":"x","role":"integration","hash":"AAAA"}""", "hash" },
        { """{"name":"x","role":"integration","id":"0198c6a8-3a5e-7f00-8000-000000000001"}""", "id" },
        { """{"name":"x","role":"integration","lastUsedAt":"2030-01-01T00:00:00Z"}""", "lastUsedAt" },
        // A key whose role was left out must not quietly become the most powerful kind.
        { """{"name":"x"}""", "role" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Return400NamingTheField_AndCreateNothing_WhenTheBodyIsInvalid(string json, string field)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await organizer.PostAsync("/v1/api-keys", content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"Expected errors to name '{field}', got {errors}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Single(await organizer.ListAllKeysAsync());
    }

    [Fact]
    public async Task Return403_ForKeysThatAreNotOrganizers()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var owner = await organizer.CreateKeyAsync("space_owner", await organizer.NewSpaceIdAsync());
        var integration = await organizer.CreateKeyAsync("integration");

        foreach (var key in new[] { owner.Key, integration.Key })
        {
            using var client = api.Alliance(alliance.Subdomain, key);
            using var response = await client.PostAsJsonAsync("/v1/api-keys", new { name = "escalate", role = "organizer" });
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        Assert.Equal(3, (await organizer.ListAllKeysAsync()).Count);
    }

    [GeneratedRegex("^alk_[0-9A-Za-z]{43}$")]
    private static partial Regex KeyShape();
}
