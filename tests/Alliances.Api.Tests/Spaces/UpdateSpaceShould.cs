using System.Net;
using System.Text.Json;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Spaces;

/// <summary>PATCH is JSON Merge Patch (RFC 7396) over the same rules as a create, with ETags for lost-update protection.</summary>
public sealed class UpdateSpaceShould(SharedAllianceFactory api) : IClassFixture<SharedAllianceFactory>
{
    [Fact]
    public async Task ChangeOnlyTheNamedFields_MergeNestedObjects_ReplaceArrays_AndRemoveNulls()
    {
        var (organizer, id, _) = await FullSpaceAsync();

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{id}",
            """{"name": "Office Nomads II", "address": {"street": "1700 Broadway"}, "amenities": ["wifi"], "description": null, "location": null}""");
        var patched = await response.ReadJsonAsync();

        Assert.Equal("Office Nomads II", patched.GetProperty("name").GetString());
        var address = patched.GetProperty("address");
        Assert.Equal("1700 Broadway", address.GetProperty("street").GetString());
        Assert.Equal("Seattle", address.GetProperty("city").GetString());
        Assert.Equal("98122", address.GetProperty("postalCode").GetString());
        Assert.Equal(["wifi"], patched.GetProperty("amenities").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("location").ValueKind);
        Assert.Equal(3, patched.GetProperty("membershipPlans").GetArrayLength());
        Assert.Equal(3, patched.GetProperty("openingHours").GetArrayLength());
        Assert.Equal("2019-03-01", patched.GetProperty("joinedAt").GetString());
        Assert.True(patched.GetProperty("updatedAt").GetDateTimeOffset() > patched.GetProperty("createdAt").GetDateTimeOffset());

        using var read = await organizer.GetAsync($"/v1/spaces/{id}");
        Assert.Equal(patched.ToString(), (await read.ReadJsonAsync()).ToString());
        Assert.Equal(response.ETag(), read.ETag());
    }

    // A JSON Patch (RFC 6902) is not a merge patch: applied as one, its array would be nonsense. It is refused, unapplied.
    [Fact]
    public async Task Refuse_AJsonPatch_With415()
    {
        var (organizer, id, created) = await FullSpaceAsync();

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{id}",
            """[{"op": "replace", "path": "/name", "value": "Renamed"}]""", contentType: "application/json-patch+json");

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        using var read = await organizer.GetAsync($"/v1/spaces/{id}");
        Assert.Equal(created.GetProperty("name").GetString(), (await read.ReadJsonAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task PutTheDefaultsBack_WhenTimeZoneOrJoinedAtIsRemoved()
    {
        var (organizer, id, created) = await FullSpaceAsync("""{"timeZone": "Europe/Kyiv"}""");
        Assert.Equal("Europe/Kyiv", created.GetProperty("timeZone").GetString());

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"timeZone": null, "joinedAt": null}""");
        var patched = await response.ReadJsonAsync();

        Assert.Equal("America/Los_Angeles", patched.GetProperty("timeZone").GetString());
        var createdOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(
            created.GetProperty("createdAt").GetDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")).DateTime);
        Assert.Equal(createdOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), patched.GetProperty("joinedAt").GetString());
    }

    [Fact]
    public async Task AcceptPlainJson_AsAMergePatch()
    {
        var (organizer, id, _) = await FullSpaceAsync();

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"capacity": 12}""", contentType: "application/json");

        Assert.Equal(12, (await response.ReadJsonAsync()).GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task Return415_ForABodyThatIsNotJson()
    {
        var (organizer, id, _) = await FullSpaceAsync();

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{id}", "capacity=12", contentType: "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var read = await organizer.GetAsync($"/v1/spaces/{id}");
        Assert.Equal(90, (await read.ReadJsonAsync()).GetProperty("capacity").GetInt32());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"name\"")]
    [InlineData("null")]
    public async Task Return400_WhenThePatchIsNotAnObject(string body)
    {
        var (organizer, id, _) = await FullSpaceAsync();

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{id}", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Return400_ForMalformedJson()
    {
        var (organizer, id, _) = await FullSpaceAsync();

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"name": """);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
    }

    [Theory]
    [InlineData("""{"id": "0190a000-0000-7000-8000-000000000000"}""", "id")]
    [InlineData("""{"id": null}""", "id")]
    [InlineData("""{"createdAt": "2020-01-01T00:00:00Z"}""", "createdAt")]
    [InlineData("""{"updatedAt": null}""", "updatedAt")]
    [InlineData("""{"tenantId": "0190a000-0000-7000-8000-000000000000"}""", "tenantId")]
    [InlineData("""{"welcomedAt": "2020-01-01T00:00:00Z"}""", "welcomedAt")]
    [InlineData("""{"welcomedBy": "me"}""", "welcomedBy")]
    [InlineData("""{"version": 99}""", "version")]
    [InlineData("""{"address": {"planet": "Earth"}}""", "address.planet")]
    [InlineData("""{"location": {"alt": null}}""", "location.alt")]
    [InlineData("""{"openingHours": [{"weekday": "monday", "opens": "09:00", "closes": "10:00", "note": "x"}]}""", "openingHours[0].note")]
    public async Task RejectReadOnlyAndUnknownProperties_NamingThem_EvenWhenTheirValueIsNull(string patch, string field)
    {
        var (organizer, id, created) = await FullSpaceAsync();

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{id}", patch);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        using var read = await organizer.GetAsync($"/v1/spaces/{id}");
        Assert.Equal(created.ToString(), (await read.ReadJsonAsync()).ToString());
    }

    [Fact]
    public async Task Return409_WhenThePatchTakesAnotherSpacesSlug()
    {
        var (organizer, id, _) = await FullSpaceAsync();
        var other = await organizer.CreateSpaceAsync(SpaceRequests.Minimal("Other", "o" + Guid.NewGuid().ToString("N")[..10]));

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{id}", $$"""{"slug": "{{other.GetProperty("slug").GetString()}}"}""");

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "slug-taken");
    }

    [Fact]
    public async Task Return404_ForASpaceThatDoesNotExist()
    {
        var alliance = await api.SharedAllianceAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{Guid.CreateVersion7()}", """{"capacity": 3}""");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Return304_ForIfNoneMatchWithTheCurrentETag_And200OtherwiseOrAfterAChange()
    {
        var (organizer, id, _) = await FullSpaceAsync();
        using var anonymous = api.Alliance((await api.SharedAllianceAsync()).Subdomain);
        using var first = await anonymous.GetAsync($"/v1/spaces/{id}");
        var etag = first.ETag();
        Assert.StartsWith("\"", etag, StringComparison.Ordinal);

        using (var notModified = await anonymous.GetWithAsync($"/v1/spaces/{id}", "If-None-Match", etag))
        {
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Equal(etag, notModified.ETag());
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }

        using (var weak = await anonymous.GetWithAsync($"/v1/spaces/{id}", "If-None-Match", $"\"other\", W/{etag}"))
        {
            Assert.Equal(HttpStatusCode.NotModified, weak.StatusCode);
        }

        using (var star = await anonymous.GetWithAsync($"/v1/spaces/{id}", "If-None-Match", "*"))
        {
            Assert.Equal(HttpStatusCode.NotModified, star.StatusCode);
        }

        using (var other = await anonymous.GetWithAsync($"/v1/spaces/{id}", "If-None-Match", "\"something-else\""))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        using var patched = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"capacity": 5}""");
        Assert.NotEqual(etag, patched.ETag());
        using var changed = await anonymous.GetWithAsync($"/v1/spaces/{id}", "If-None-Match", etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(5, (await changed.ReadJsonAsync()).GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task Return412_ForAStaleIfMatch_AndLeaveTheSpaceUnchanged()
    {
        var (organizer, id, _) = await FullSpaceAsync();
        using var read = await organizer.GetAsync($"/v1/spaces/{id}");
        var etag = read.ETag();
        using var someoneElse = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"capacity": 7}""", ifMatch: etag);
        var current = someoneElse.ETag();
        Assert.NotEqual(etag, current);

        using var stale = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"capacity": 8}""", ifMatch: etag);

        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        using var after = await organizer.GetAsync($"/v1/spaces/{id}");
        Assert.Equal(7, (await after.ReadJsonAsync()).GetProperty("capacity").GetInt32());
        Assert.Equal(current, after.ETag());

        using var fresh = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"capacity": 8}""", ifMatch: current);
        Assert.Equal(8, (await fresh.ReadJsonAsync()).GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task Return412_ForAWeakOrForeignIfMatch()
    {
        var (organizer, id, _) = await FullSpaceAsync();
        var (_, otherId, _) = await FullSpaceAsync();
        using var read = await organizer.GetAsync($"/v1/spaces/{id}");
        using var otherRead = await organizer.GetAsync($"/v1/spaces/{otherId}");

        using var weak = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"capacity": 8}""", ifMatch: "W/" + read.ETag());
        using var foreign = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"capacity": 8}""", ifMatch: otherRead.ETag());

        await weak.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await foreign.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task KeepTheETag_WhenThePatchChangesNothing()
    {
        var (organizer, id, created) = await FullSpaceAsync();
        using var read = await organizer.GetAsync($"/v1/spaces/{id}");

        using var same = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"name": "Office Nomads", "capacity": 90}""", ifMatch: read.ETag());

        Assert.Equal(read.ETag(), same.ETag());
        Assert.Equal(created.GetProperty("updatedAt").GetString(), (await same.ReadJsonAsync()).GetProperty("updatedAt").GetString());
    }

    [Fact]
    public async Task Return412_ForDeleteWithAStaleIfMatch_And204WithTheCurrentOne()
    {
        var (organizer, id, _) = await FullSpaceAsync();
        using var read = await organizer.GetAsync($"/v1/spaces/{id}");
        using var change = await organizer.PatchJsonAsync($"/v1/spaces/{id}", """{"capacity": 3}""");

        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"/v1/spaces/{id}");
        stale.Headers.TryAddWithoutValidation("If-Match", read.ETag());
        await (await organizer.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        using var current = new HttpRequestMessage(HttpMethod.Delete, $"/v1/spaces/{id}");
        current.Headers.TryAddWithoutValidation("If-Match", change.ETag());
        Assert.Equal(HttpStatusCode.NoContent, (await organizer.SendAsync(current)).StatusCode);
        await (await organizer.GetAsync($"/v1/spaces/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<(HttpClient Organizer, Guid Id, JsonElement Created)> FullSpaceAsync(string? change = null)
    {
        var alliance = await api.SharedAllianceAsync();
        var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var body = SpaceRequests.Full(slug: "u" + Guid.NewGuid().ToString("N")[..12]);
        if (change is not null)
        {
            body = (System.Text.Json.Nodes.JsonObject)SpaceRequests.Merge(body, System.Text.Json.Nodes.JsonNode.Parse(change))!;
        }

        var created = await organizer.CreateSpaceAsync(body);
        return (organizer, created.GetProperty("id").GetGuid(), created);
    }
}
