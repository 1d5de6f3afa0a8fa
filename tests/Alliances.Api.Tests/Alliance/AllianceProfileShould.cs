using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Spaces;

namespace Alliances.Api.Tests.Alliance;

public sealed class AllianceProfileShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ShowTheProfileAndTheDefaultSettings_ToAnyone()
    {
        var alliance = await api.ClaimAsync();
        using var anonymous = api.Alliance(alliance.Subdomain);

        using var response = await anonymous.GetAsync("/v1/alliance");
        var profile = await response.ReadJsonAsync();

        Assert.Equal(alliance.Id, profile.GetProperty("id").GetGuid());
        Assert.Equal(alliance.Subdomain, profile.GetProperty("subdomain").GetString());
        Assert.Equal($"https://{alliance.Subdomain}.{ApiFactory.Apex}", profile.GetProperty("url").GetString());
        Assert.Equal($"Alliance {alliance.Subdomain}", profile.GetProperty("name").GetString());
        Assert.Equal("Test Region", profile.GetProperty("region").GetString());
        Assert.Equal("America/Los_Angeles", profile.GetProperty("timeZone").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("website").ValueKind);
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("contactEmail").ValueKind);
        Assert.Equal(60, profile.GetProperty("meetingFormat").GetProperty("structuredMinutes").GetInt32());
        Assert.Equal(60, profile.GetProperty("meetingFormat").GetProperty("socialMinutes").GetInt32());
        Assert.Equal(3, profile.GetProperty("maxActivePriorities").GetInt32());
        Assert.True(profile.GetProperty("updatedAt").GetDateTimeOffset() >= profile.GetProperty("createdAt").GetDateTimeOffset());
        response.ETag();
    }

    [Fact]
    public async Task Return304_ForIfNoneMatchWithTheCurrentETag()
    {
        var alliance = await api.ClaimAsync();
        using var anonymous = api.Alliance(alliance.Subdomain);
        using var first = await anonymous.GetAsync("/v1/alliance");

        using var again = await anonymous.GetWithAsync("/v1/alliance", "If-None-Match", first.ETag());

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(first.ETag(), again.ETag());
    }

    [Fact]
    public async Task ChangeEveryField_AndKeepTheCatalogInStep_SoTheDirectoryShowsTheNewName()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var newName = "Seattle Collaborative Space Alliance " + alliance.Subdomain;

        using var response = await organizer.PatchJsonAsync("/v1/alliance", $$"""
            {
              "name": "{{newName}}",
              "region": "Seattle, WA",
              "description": "Coworking and maker spaces across Seattle.",
              "website": "https://seattle-alliance.example.org",
              "contactEmail": "hello@seattle-alliance.example.org",
              "timeZone": "America/Vancouver",
              "meetingFormat": {"structuredMinutes": 45},
              "maxActivePriorities": 5
            }
            """);
        var patched = await response.ReadJsonAsync();

        Assert.Equal(newName, patched.GetProperty("name").GetString());
        Assert.Equal("Seattle, WA", patched.GetProperty("region").GetString());
        Assert.Equal("Coworking and maker spaces across Seattle.", patched.GetProperty("description").GetString());
        Assert.Equal("https://seattle-alliance.example.org", patched.GetProperty("website").GetString());
        Assert.Equal("hello@seattle-alliance.example.org", patched.GetProperty("contactEmail").GetString());
        Assert.Equal("America/Vancouver", patched.GetProperty("timeZone").GetString());
        Assert.Equal(45, patched.GetProperty("meetingFormat").GetProperty("structuredMinutes").GetInt32());
        Assert.Equal(60, patched.GetProperty("meetingFormat").GetProperty("socialMinutes").GetInt32());
        Assert.Equal(5, patched.GetProperty("maxActivePriorities").GetInt32());

        using var read = await api.Alliance(alliance.Subdomain).GetAsync("/v1/alliance");
        Assert.Equal(patched.ToString(), (await read.ReadJsonAsync()).ToString());
        Assert.Equal(response.ETag(), read.ETag());

        var listed = await FindInDirectoryAsync(alliance.Subdomain);
        Assert.Equal(newName, listed.GetProperty("name").GetString());
        Assert.Equal("Seattle, WA", listed.GetProperty("region").GetString());
        Assert.Equal("America/Vancouver", listed.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task GiveNewSpacesTheNewTimeZone_OnceTheCatalogChangeReachesTheCache()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using (var patch = await organizer.PatchJsonAsync("/v1/alliance", """{"timeZone": "Europe/Berlin"}"""))
        {
            await patch.ReadJsonAsync();
        }

        // The host resolver's cache is told by the catalog's NOTIFY; allow it a moment to arrive.
        string? timeZone = null;
        for (var attempt = 0; attempt < 50 && timeZone != "Europe/Berlin"; attempt++)
        {
            var space = await organizer.CreateSpaceAsync(SpaceRequests.Minimal("Space " + attempt, "space-" + attempt));
            timeZone = space.GetProperty("timeZone").GetString();
            if (timeZone != "Europe/Berlin")
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal("Europe/Berlin", timeZone);
    }

    [Fact]
    public async Task PutTheDefaultsBack_WhenSettingsAreRemoved()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using (var set = await organizer.PatchJsonAsync("/v1/alliance",
            """{"meetingFormat": {"structuredMinutes": 30, "socialMinutes": 90}, "maxActivePriorities": 9, "description": "x"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        using var response = await organizer.PatchJsonAsync("/v1/alliance", """{"meetingFormat": null, "maxActivePriorities": null, "description": null}""");
        var profile = await response.ReadJsonAsync();

        Assert.Equal(60, profile.GetProperty("meetingFormat").GetProperty("structuredMinutes").GetInt32());
        Assert.Equal(60, profile.GetProperty("meetingFormat").GetProperty("socialMinutes").GetInt32());
        Assert.Equal(3, profile.GetProperty("maxActivePriorities").GetInt32());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("description").ValueKind);
    }

    [Theory]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"name": null}""", "name")]
    [InlineData("""{"region": null}""", "region")]
    [InlineData("""{"timeZone": null}""", "timeZone")]
    [InlineData("""{"timeZone": "Not/AZone"}""", "timeZone")]
    [InlineData("""{"timeZone": "Pacific Standard Time"}""", "timeZone")]
    [InlineData("""{"website": "ftp://example.org"}""", "website")]
    [InlineData("""{"contactEmail": "nobody"}""", "contactEmail")]
    [InlineData("""{"maxActivePriorities": 0}""", "maxActivePriorities")]
    [InlineData("""{"maxActivePriorities": 11}""", "maxActivePriorities")]
    [InlineData("""{"maxActivePriorities": "many"}""", "maxActivePriorities")]
    [InlineData("""{"meetingFormat": {"structuredMinutes": -1}}""", "meetingFormat.structuredMinutes")]
    [InlineData("""{"meetingFormat": {"socialMinutes": 481}}""", "meetingFormat.socialMinutes")]
    [InlineData("""{"meetingFormat": {"structuredMinutes": 0, "socialMinutes": 0}}""", "meetingFormat.structuredMinutes")]
    [InlineData("""{"id": "0190a000-0000-7000-8000-000000000000"}""", "id")]
    [InlineData("""{"subdomain": "elsewhere"}""", "subdomain")]
    [InlineData("""{"url": "https://evil.example"}""", "url")]
    [InlineData("""{"createdAt": "2020-01-01T00:00:00Z"}""", "createdAt")]
    [InlineData("""{"tenantId": "0190a000-0000-7000-8000-000000000000"}""", "tenantId")]
    [InlineData("""{"tenantId": null}""", "tenantId")]
    [InlineData("""{"meetingFormat": {"breakMinutes": 5}}""", "meetingFormat.breakMinutes")]
    public async Task RejectAnInvalidOrReadOnlyField_NamingIt_AndChangeNothing(string patch, string field)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var before = await organizer.GetAsync("/v1/alliance");

        using var response = await organizer.PatchJsonAsync("/v1/alliance", patch);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        using var after = await organizer.GetAsync("/v1/alliance");
        Assert.Equal((await before.ReadJsonAsync()).ToString(), (await after.ReadJsonAsync()).ToString());
    }

    [Fact]
    public async Task AcceptTheLongestNameAClaimAllows()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var ok = await organizer.PatchJsonAsync("/v1/alliance", $$"""{"name": "{{new string('n', 200)}}"}""");
        using var tooLong = await organizer.PatchJsonAsync("/v1/alliance", $$"""{"name": "{{new string('n', 201)}}"}""");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Return412_ForAStaleIfMatch_AndChangeNeitherTheSettingsNorTheCatalog()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var read = await organizer.GetAsync("/v1/alliance");
        var stale = read.ETag();
        using (var change = await organizer.PatchJsonAsync("/v1/alliance", """{"maxActivePriorities": 4}""", ifMatch: stale))
        {
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
            Assert.NotEqual(stale, change.ETag());
        }

        using var response = await organizer.PatchJsonAsync("/v1/alliance", """{"name": "Renamed", "maxActivePriorities": 7}""", ifMatch: stale);

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        using var after = await organizer.GetAsync("/v1/alliance");
        var profile = await after.ReadJsonAsync();
        Assert.Equal(4, profile.GetProperty("maxActivePriorities").GetInt32());
        Assert.Equal($"Alliance {alliance.Subdomain}", profile.GetProperty("name").GetString());
        Assert.Equal($"Alliance {alliance.Subdomain}", (await FindInDirectoryAsync(alliance.Subdomain)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task LetOnlyOrganizersPatch()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var spaceId = await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Own Space"));
        using var owner = api.Alliance(alliance.Subdomain, await organizer.CreateKeyAsync("space_owner", spaceId));
        using var integration = api.Alliance(alliance.Subdomain, await organizer.CreateKeyAsync("integration"));
        using var anonymous = api.Alliance(alliance.Subdomain);

        await (await anonymous.PatchJsonAsync("/v1/alliance", """{"name": "Mine"}""")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await owner.PatchJsonAsync("/v1/alliance", """{"name": "Mine"}""")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await integration.PatchJsonAsync("/v1/alliance", """{"name": "Mine"}""")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/v1/alliance")).StatusCode);
        Assert.Equal($"Alliance {alliance.Subdomain}", (await FindInDirectoryAsync(alliance.Subdomain)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task KeepEachAlliancesProfileToItself()
    {
        var first = await api.ClaimAsync();
        var second = await api.ClaimAsync();
        using var one = api.Alliance(first.Subdomain, first.OrganizerKey);

        using (var patch = await one.PatchJsonAsync("/v1/alliance", """{"name": "Only Mine", "maxActivePriorities": 8}"""))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        var other = await (await api.Alliance(second.Subdomain).GetAsync("/v1/alliance")).ReadJsonAsync();
        Assert.Equal($"Alliance {second.Subdomain}", other.GetProperty("name").GetString());
        Assert.Equal(3, other.GetProperty("maxActivePriorities").GetInt32());
        Assert.Equal($"Alliance {second.Subdomain}", (await FindInDirectoryAsync(second.Subdomain)).GetProperty("name").GetString());
    }

    private async Task<JsonElement> FindInDirectoryAsync(string subdomain)
    {
        using var platform = api.Platform();
        var path = "/v1/alliances?limit=100";
        while (path is not null)
        {
            using var response = await platform.GetAsync(path);
            var page = await response.ReadJsonAsync();
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (item.GetProperty("subdomain").GetString() == subdomain)
                {
                    return item.Clone();
                }
            }

            path = page.GetProperty("nextCursor").GetString() is { } cursor ? "/v1/alliances?limit=100&cursor=" + Uri.EscapeDataString(cursor) : null;
        }

        throw new InvalidOperationException($"{subdomain} is not in the directory");
    }
}
