using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Spaces;

/// <summary>
/// Every field's rules, each case run twice: as a create (the full body with the case merged in) and as a merge patch of
/// an existing full space, because both must go through the same rules. Each case names the error key it expects.
/// </summary>
public sealed class SpaceValidationShould(SharedAllianceFactory api) : IClassFixture<SharedAllianceFactory>
{
    private static readonly string Long4001 = new('x', 4001);

    public static TheoryData<string, string> InvalidFields => new()
    {
        // name
        { """{"name": null}""", "name" },
        { """{"name": "   "}""", "name" },
        { $$"""{"name": "{{new string('n', 121)}}"}""", "name" },
        // slug
        { """{"slug": "Office Nomads"}""", "slug" },
        { """{"slug": "office--nomads"}""", "slug" },
        { """{"slug": "-office"}""", "slug" },
        { $$"""{"slug": "{{new string('s', 61)}}"}""", "slug" },
        // kind and status: required, and only the documented values
        { """{"kind": null}""", "kind" },
        { """{"kind": "castle"}""", "kind" },
        { """{"kind": 1}""", "kind" },
        { """{"status": null}""", "status" },
        // description, website, logo
        { $$"""{"description": "{{Long4001}}"}""", "description" },
        { """{"website": "ftp://files.example.org"}""", "website" },
        { """{"website": "www.example.org"}""", "website" },
        { $$"""{"website": "https://example.org/{{new string('p', 2030)}}"}""", "website" },
        { """{"logoUrl": "javascript:alert(1)"}""", "logoUrl" },
        // email and phone
        { """{"email": "not-an-email"}""", "email" },
        { $$"""{"email": "{{new string('e', 250)}}@x.org"}""", "email" },
        { """{"phone": "call me"}""", "phone" },
        { """{"phone": "123"}""", "phone" },
        { $$"""{"phone": "+{{new string('1', 41)}}"}""", "phone" },
        // address
        { """{"address": {"countryCode": "XX"}}""", "address.countryCode" },
        { """{"address": {"countryCode": "us"}}""", "address.countryCode" },
        { """{"address": {"countryCode": "USA"}}""", "address.countryCode" },
        { """{"address": {"countryCode": null}}""", "address.countryCode" },
        { """{"address": {"city": null}}""", "address.city" },
        { $$$"""{"address": {"city": "{{{new string('c', 121)}}}"}}""", "address.city" },
        { $$$"""{"address": {"street": "{{{new string('s', 201)}}}"}}""", "address.street" },
        { $$$"""{"address": {"region": "{{{new string('r', 121)}}}"}}""", "address.region" },
        { """{"address": {"postalCode": "98122!"}}""", "address.postalCode" },
        { $$$"""{"address": {"postalCode": "{{{new string('9', 21)}}}"}}""", "address.postalCode" },
        // location: ranges, and lat and lon together
        { """{"location": {"lat": 90.0001}}""", "location.lat" },
        { """{"location": {"lat": -91}}""", "location.lat" },
        { """{"location": {"lon": 180.5}}""", "location.lon" },
        { """{"location": {"lon": -181}}""", "location.lon" },
        { """{"location": {"lon": null}}""", "location.lon" },
        { """{"location": {"lat": null}}""", "location.lat" },
        // time zone: IANA names only
        { """{"timeZone": "Mars/Olympus_Mons"}""", "timeZone" },
        { """{"timeZone": "Pacific Standard Time"}""", "timeZone" },
        { """{"timeZone": ""}""", "timeZone" },
        { $$"""{"timeZone": "{{new string('z', 65)}}"}""", "timeZone" },
        // neighbourhood
        { $$"""{"neighborhood": "{{new string('n', 121)}}"}""", "neighborhood" },
        // amenities: a set of at most 30 short lowercase tags
        { $$"""{"amenities": [{{string.Join(',', Enumerable.Range(0, 31).Select(i => $"\"tag{i}\""))}}]}""", "amenities" },
        { """{"amenities": ["wifi", "wifi"]}""", "amenities" },
        { """{"amenities": ["wifi", "Free WiFi"]}""", "amenities[1]" },
        { $$"""{"amenities": ["{{new string('a', 41)}}"]}""", "amenities[0]" },
        { """{"amenities": [""]}""", "amenities[0]" },
        { """{"amenities": [null]}""", "amenities[0]" },
        // opening hours: at most 28 rows, HH:mm, opens before closes, no overlaps on one weekday
        { $$"""{"openingHours": [{{string.Join(',', Enumerable.Range(0, 29).Select(i => $$"""{"weekday": "monday", "opens": "{{i / 2:00}}:{{i % 2 * 30:00}}", "closes": "{{i / 2:00}}:{{i % 2 * 30 + 29:00}}"}"""))}}]}""", "openingHours" },
        { """{"openingHours": [{"weekday": "monday", "opens": "9:00", "closes": "17:00"}]}""", "openingHours[0].opens" },
        { """{"openingHours": [{"weekday": "monday", "opens": "24:00", "closes": "24:00"}]}""", "openingHours[0].opens" },
        { """{"openingHours": [{"weekday": "monday", "opens": "09:60", "closes": "17:00"}]}""", "openingHours[0].opens" },
        { """{"openingHours": [{"weekday": "monday", "opens": "09:00", "closes": "25:00"}]}""", "openingHours[0].closes" },
        { """{"openingHours": [{"weekday": "monday", "opens": "17:00", "closes": "09:00"}]}""", "openingHours[0].closes" },
        { """{"openingHours": [{"weekday": "monday", "opens": "09:00", "closes": "09:00"}]}""", "openingHours[0].closes" },
        { """{"openingHours": [{"weekday": null, "opens": "09:00", "closes": "17:00"}]}""", "openingHours[0].weekday" },
        { """{"openingHours": [{"weekday": "funday", "opens": "09:00", "closes": "17:00"}]}""", "openingHours[0].weekday" },
        { """{"openingHours": [{"weekday": "monday", "opens": null, "closes": "17:00"}]}""", "openingHours[0].opens" },
        { """{"openingHours": [{"weekday": "monday", "opens": "09:00", "closes": "12:00"}, {"weekday": "monday", "opens": "11:59", "closes": "14:00"}]}""", "openingHours[1]" },
        { """{"openingHours": [{"weekday": "friday", "opens": "10:00", "closes": "11:00"}, {"weekday": "friday", "opens": "08:00", "closes": "20:00"}]}""", "openingHours[0]" },
        { """{"openingHours": [{"weekday": "sunday", "opens": "08:00", "closes": "20:00"}, {"weekday": "monday", "opens": "09:00", "closes": "10:00"}, {"weekday": "sunday", "opens": "12:00", "closes": "13:00"}]}""", "openingHours[2]" },
        { """{"openingHours": [null]}""", "openingHours[0]" },
        // membership plans: at most 20, each with a name, a price (decimal string + ISO 4217) and an interval
        { $$"""{"membershipPlans": [{{string.Join(',', Enumerable.Range(0, 21).Select(i => $$"""{"name": "Plan {{i}}", "price": {"amount": "1.00", "currency": "USD"}, "interval": "month"}"""))}}]}""", "membershipPlans" },
        { """{"membershipPlans": [{"name": "", "price": {"amount": "1.00", "currency": "USD"}, "interval": "month"}]}""", "membershipPlans[0].name" },
        { $$"""{"membershipPlans": [{"name": "{{new string('p', 121)}}", "price": {"amount": "1.00", "currency": "USD"}, "interval": "month"}]}""", "membershipPlans[0].name" },
        { """{"membershipPlans": [{"name": "Desk", "price": null, "interval": "month"}]}""", "membershipPlans[0].price" },
        { """{"membershipPlans": [{"name": "Desk", "price": {"amount": "150.0", "currency": "USD"}, "interval": "month"}]}""", "membershipPlans[0].price.amount" },
        { """{"membershipPlans": [{"name": "Desk", "price": {"amount": "-1.00", "currency": "USD"}, "interval": "month"}]}""", "membershipPlans[0].price.amount" },
        { """{"membershipPlans": [{"name": "Desk", "price": {"amount": "1e3", "currency": "USD"}, "interval": "month"}]}""", "membershipPlans[0].price.amount" },
        { """{"membershipPlans": [{"name": "Desk", "price": {"amount": "1234567890.00", "currency": "USD"}, "interval": "month"}]}""", "membershipPlans[0].price.amount" },
        { """{"membershipPlans": [{"name": "Desk", "price": {"amount": 150, "currency": "USD"}, "interval": "month"}]}""", "membershipPlans[0].price.amount" },
        { """{"membershipPlans": [{"name": "Desk", "price": {"amount": "150.00", "currency": "usd"}, "interval": "month"}]}""", "membershipPlans[0].price.currency" },
        { """{"membershipPlans": [{"name": "Desk", "price": {"amount": "150.00", "currency": "XYZ"}, "interval": "month"}]}""", "membershipPlans[0].price.currency" },
        { """{"membershipPlans": [{"name": "Desk", "price": {"amount": "150.00", "currency": "XAU"}, "interval": "month"}]}""", "membershipPlans[0].price.currency" },
        { """{"membershipPlans": [{"name": "Desk", "price": {"amount": "150.00"}, "interval": "month"}]}""", "membershipPlans[0].price.currency" },
        { """{"membershipPlans": [{"name": "Desk", "price": {"amount": "150.00", "currency": "USD"}, "interval": "fortnight"}]}""", "membershipPlans[0].interval" },
        { """{"membershipPlans": [{"name": "Desk", "price": {"amount": "150.00", "currency": "USD"}}]}""", "membershipPlans[0].interval" },
        // capacity and joinedAt
        { """{"capacity": 0}""", "capacity" },
        { """{"capacity": 100001}""", "capacity" },
        { """{"capacity": 1.5}""", "capacity" },
        { """{"joinedAt": "2999-01-01"}""", "joinedAt" },
        { """{"joinedAt": "2024-13-01"}""", "joinedAt" },
        { """{"joinedAt": "2024-01-01T00:00:00Z"}""", "joinedAt" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task RejectAnInvalidFieldOnCreate_WithItsJsonPath(string change, string field)
    {
        var alliance = await api.SharedAllianceAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var slug = "v" + Guid.NewGuid().ToString("N")[..12];
        var body = SpaceRequests.Merge(SpaceRequests.Full(slug: slug), JsonNode.Parse(change))!;

        using var response = await organizer.PostAsync("/v1/spaces", SpaceRequests.Json(body));

        await AssertRejectedAsync(response, field);
        using var read = await organizer.GetAsync($"/v1/spaces?q={slug}");
        Assert.Empty((await read.ReadJsonAsync()).Names());
    }

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task RejectAnInvalidFieldOnPatch_WithItsJsonPath_AndKeepTheSpaceAsItWas(string change, string field)
    {
        var alliance = await api.SharedAllianceAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var created = await organizer.CreateSpaceAsync(SpaceRequests.Full(slug: "v" + Guid.NewGuid().ToString("N")[..12]));
        var id = created.GetProperty("id").GetGuid();

        using var response = await organizer.PatchJsonAsync($"/v1/spaces/{id}", change);

        await AssertRejectedAsync(response, field);
        using var read = await organizer.GetAsync($"/v1/spaces/{id}");
        Assert.Equal(created.ToString(), (await read.ReadJsonAsync()).ToString());
    }

    public static TheoryData<string> EdgeValues => new()
    {
        $$"""{"name": "{{new string('N', 120)}}", "description": "{{new string('d', 4000)}}"}""",
        $$"""{"website": "https://example.org/{{new string('p', 2048 - 20)}}"}""",
        $$"""{"email": "{{new string('e', 254 - 6)}}@x.org"}""",
        $$"""{"amenities": [{{string.Join(',', Enumerable.Range(0, 30).Select(i => $"\"tag{i}\""))}}]}""",
        """{"location": {"lat": -90, "lon": 180}}""",
        """{"location": null}""",
        """{"address": null}""",
        """{"address": {"street": null, "region": null, "postalCode": null}}""",
        """{"capacity": 1}""",
        """{"capacity": 100000}""",
        """{"timeZone": "Europe/Kyiv"}""",
        """{"timeZone": "UTC"}""",
        """{"phone": "+41 (79) 123-45.67"}""",
        """{"openingHours": [{"weekday": "monday", "opens": "00:00", "closes": "24:00"}]}""",
        """{"openingHours": [{"weekday": "monday", "opens": "09:00", "closes": "12:00"}, {"weekday": "tuesday", "opens": "09:00", "closes": "12:00"}, {"weekday": "monday", "opens": "12:00", "closes": "13:00"}]}""",
        """{"membershipPlans": [{"name": "Free", "price": {"amount": "0.00", "currency": "CHF"}, "interval": "year"}, {"name": "Big", "price": {"amount": "999999999.99", "currency": "JPY"}, "interval": "week"}]}""",
        """{"amenities": ["a", "3d_printers", "dog-friendly", "x1_y2-z3"]}""",
        """{"description": null, "website": null, "logoUrl": null, "email": null, "phone": null, "neighborhood": null, "capacity": null, "amenities": null, "openingHours": null, "membershipPlans": null}""",
    };

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public async Task AcceptValuesAtTheEdgesOfTheRules(string change)
    {
        var alliance = await api.SharedAllianceAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var body = SpaceRequests.Merge(SpaceRequests.Full(slug: "e" + Guid.NewGuid().ToString("N")[..12]), JsonNode.Parse(change))!;

        using var response = await organizer.PostAsync("/v1/spaces", SpaceRequests.Json(body));

        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ReportEveryInvalidFieldAtOnce()
    {
        var alliance = await api.SharedAllianceAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var body = SpaceRequests.Merge(SpaceRequests.Full(), JsonNode.Parse(
            """{"name": "", "slug": "Bad Slug", "capacity": 0, "address": {"countryCode": "ZZ"}, "location": {"lat": 100}}"""))!;

        using var response = await organizer.PostAsync("/v1/spaces", SpaceRequests.Json(body));

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).GetProperty("errors");
        Assert.Equal(
            ["address.countryCode", "capacity", "location.lat", "name", "slug"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    private static async Task AssertRejectedAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"expected an error for '{field}', got {errors}");
        Assert.Equal(JsonValueKind.Array, messages.ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }
}
