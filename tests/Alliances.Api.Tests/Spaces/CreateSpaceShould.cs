using System.Net;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Spaces;

public sealed class CreateSpaceShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task StoreEveryField_AndReturnThemWithLocationAndETag()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var before = DateTimeOffset.UtcNow;

        using var response = await organizer.PostAsync("/v1/spaces", SpaceRequests.Json(SpaceRequests.Full()));
        var created = await response.ReadJsonAsync(HttpStatusCode.Created);

        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(7, id.Version);
        Assert.Equal($"https://{organizer.BaseAddress!.Host}/v1/spaces/{id}", response.Headers.Location?.ToString());
        var etag = response.ETag();
        Assert.Equal("Office Nomads", created.GetProperty("name").GetString());
        Assert.Equal("office-nomads", created.GetProperty("slug").GetString());
        Assert.Equal("coworking", created.GetProperty("kind").GetString());
        Assert.Equal("open", created.GetProperty("status").GetString());
        Assert.Equal("A community coworking space on Capitol Hill.", created.GetProperty("description").GetString());
        Assert.Equal("https://www.officenomads.com", created.GetProperty("website").GetString());
        Assert.Equal("https://www.officenomads.com/logo.png", created.GetProperty("logoUrl").GetString());
        Assert.Equal("hello@officenomads.example", created.GetProperty("email").GetString());
        Assert.Equal("+1 206 555 0100", created.GetProperty("phone").GetString());
        var address = created.GetProperty("address");
        Assert.Equal("1617 Boylston Ave", address.GetProperty("street").GetString());
        Assert.Equal("Seattle", address.GetProperty("city").GetString());
        Assert.Equal("WA", address.GetProperty("region").GetString());
        Assert.Equal("98122", address.GetProperty("postalCode").GetString());
        Assert.Equal("US", address.GetProperty("countryCode").GetString());
        Assert.Equal(47.6152, created.GetProperty("location").GetProperty("lat").GetDouble());
        Assert.Equal(-122.321, created.GetProperty("location").GetProperty("lon").GetDouble());
        Assert.Equal("America/Los_Angeles", created.GetProperty("timeZone").GetString());
        Assert.Equal("Capitol Hill", created.GetProperty("neighborhood").GetString());
        Assert.Equal(["wifi", "coffee", "bike_storage"], created.GetProperty("amenities").EnumerateArray().Select(a => a.GetString()));
        var hours = created.GetProperty("openingHours").EnumerateArray().ToList();
        Assert.Equal(3, hours.Count);
        Assert.Equal("saturday", hours[2].GetProperty("weekday").GetString());
        Assert.Equal("24:00", hours[2].GetProperty("closes").GetString());
        var plans = created.GetProperty("membershipPlans").EnumerateArray().ToList();
        Assert.Equal("0.00", plans[0].GetProperty("price").GetProperty("amount").GetString());
        Assert.Equal("30.00", plans[2].GetProperty("price").GetProperty("amount").GetString()); // "30" is normalised
        Assert.Equal("EUR", plans[2].GetProperty("price").GetProperty("currency").GetString());
        Assert.Equal("day", plans[2].GetProperty("interval").GetString());
        Assert.Equal(90, created.GetProperty("capacity").GetInt32());
        Assert.Equal("2019-03-01", created.GetProperty("joinedAt").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("welcomedAt").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("welcomedBy").ValueKind);
        var createdAt = created.GetProperty("createdAt").GetDateTimeOffset();
        Assert.InRange(createdAt, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(TimeSpan.Zero, createdAt.Offset);

        using var read = await organizer.GetAsync($"/v1/spaces/{id}");
        var fetched = await read.ReadJsonAsync();
        Assert.Equal(etag, read.ETag());
        Assert.Equal(created.ToString(), fetched.ToString());
    }

    [Fact]
    public async Task DefaultTheTimeZoneToTheAlliancesAndJoinedAtToToday_WhenTheyAreLeftOut()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);

        var created = await organizer.CreateSpaceAsync(SpaceRequests.Minimal("Tiny Space"));

        Assert.Equal("America/Los_Angeles", created.GetProperty("timeZone").GetString());
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")).DateTime);
        Assert.Equal(today, DateOnly.Parse(created.GetProperty("joinedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("address").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("location").ValueKind);
        Assert.Equal(0, created.GetProperty("amenities").GetArrayLength());
        Assert.Equal(0, created.GetProperty("openingHours").GetArrayLength());
        Assert.Equal(0, created.GetProperty("membershipPlans").GetArrayLength());
    }

    [Fact]
    public async Task Return409_WhenTheSlugIsTaken()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        await organizer.CreateSpaceAsync(SpaceRequests.Minimal("Office Nomads"));

        using var again = await organizer.PostAsync("/v1/spaces", SpaceRequests.Json(SpaceRequests.Minimal("Office Nomads Two", "office-nomads")));

        var problem = await again.AssertProblemAsync(HttpStatusCode.Conflict, "slug-taken");
        Assert.Contains("office-nomads", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowTheSameSlugInAnotherAlliance()
    {
        var first = await api.ClaimAsync();
        var second = await api.ClaimAsync();
        using var one = api.Alliance(first.Subdomain, first.OrganizerKey);
        using var two = api.Alliance(second.Subdomain, second.OrganizerKey);

        await one.CreateSpaceAsync(SpaceRequests.Minimal("Office Nomads"));
        await two.CreateSpaceAsync(SpaceRequests.Minimal("Office Nomads"));

        using var other = await two.GetAsync("/v1/spaces");
        Assert.Equal(["Office Nomads"], (await other.ReadJsonAsync()).Names());
    }

    [Theory]
    [InlineData("id", "\"0190a000-0000-7000-8000-000000000000\"")]
    [InlineData("createdAt", "\"2020-01-01T00:00:00Z\"")]
    [InlineData("updatedAt", "\"2020-01-01T00:00:00Z\"")]
    [InlineData("tenantId", "\"0190a000-0000-7000-8000-000000000000\"")]
    [InlineData("welcomedAt", "\"2020-01-01T00:00:00Z\"")]
    [InlineData("welcomedBy", "\"me\"")]
    [InlineData("version", "7")]
    [InlineData("etag", "\"x\"")]
    public async Task RejectAReadOnlyOrUnknownProperty_NamingIt(string property, string value)
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var body = SpaceRequests.Minimal("Smuggler");
        body[property] = JsonNode.Parse(value);

        using var response = await organizer.PostAsync("/v1/spaces", SpaceRequests.Json(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(property, out _), problem.ToString());
        using var list = await organizer.GetAsync("/v1/spaces");
        Assert.Empty((await list.ReadJsonAsync()).Names());
    }

    [Fact]
    public async Task RejectAnUnknownPropertyInsideANestedObject_NamingItsPath()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var body = SpaceRequests.Full();
        body["address"]!["planet"] = "Earth";

        using var response = await organizer.PostAsync("/v1/spaces", SpaceRequests.Json(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("address.planet", out _), problem.ToString());
    }
}
