using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Meetings;
using Alliances.Api.Tests.Pages;

namespace Alliances.Api.Tests.Spaces;

/// <summary>
/// "Open now" from opening hours in each space's own time zone: the list filter (evaluated by PostgreSQL), SpaceAPI's
/// state and the pages (evaluated in C#) must agree. Kiritimati (UTC+14) and Pago Pago (UTC−11) are a day apart for
/// most of every UTC day, so a server-clock or UTC reading of the hours gets them wrong.
/// </summary>
public sealed class OpenNowShould(SharedAllianceFactory api) : IClassFixture<SharedAllianceFactory>
{
    private static readonly string[] Week = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    [Fact]
    public async Task AgreeOnWhichSpacesAreOpen_InTheListFilter_SpaceApi_AndThePage()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        // Whole days, on the local day and the next one, so a test that straddles a local midnight still agrees.
        var open = await CreateAsync(organizer, "Kiritimati Open", "Pacific/Kiritimati", "open", days => days.Take(2));
        var closed = await CreateAsync(organizer, "Pago Pago Closed", "Pacific/Pago_Pago", "open", days => days.Skip(2));
        var planning = await CreateAsync(organizer, "Planned Space", "Pacific/Kiritimati", "planning", days => days);
        var noHours = await CreateAsync(organizer, "No Hours Space", "Pacific/Kiritimati", "open", _ => []);

        using var anonymous = api.Alliance(alliance.Subdomain);
        Assert.Equal([open], await IdsAsync(anonymous, "/v1/spaces?openNow=true"));
        Assert.Equal(new[] { closed, planning, noHours }.Order(), (await IdsAsync(anonymous, "/v1/spaces?openNow=false")).Order());
        Assert.Equal([open], await IdsAsync(anonymous, "/v1/spaces?openNow=true&status=open&q=Kiritimati"));

        var openState = (await DocumentAsync(anonymous, open)).GetProperty("state");
        Assert.True(openState.GetProperty("open").GetBoolean());
        var closedDocument = await DocumentAsync(anonymous, closed);
        Assert.Empty(SpaceApiV15Rules.Violations(closedDocument));
        Assert.False(closedDocument.GetProperty("state").GetProperty("open").GetBoolean());
        Assert.False(closedDocument.GetProperty("state").GetProperty("message").GetString()!.Length == 0);
        Assert.False((await DocumentAsync(anonymous, noHours)).TryGetProperty("state", out _));

        using var browser = PageKit.Browser(api, $"{alliance.Subdomain}.{ApiFactory.Apex}");
        var (_, page, response) = await PageKit.GetPageAsync(browser, "/");
        response.Dispose();
        var openOnPage = page.QuerySelectorAll(".card").Where(c => c.QuerySelector(".open") is not null)
            .Select(c => c.QuerySelector("h3")!.TextContent.Trim()).ToList();
        Assert.StartsWith("Kiritimati Open ", Assert.Single(openOnPage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_AnOpenNowThatIsNotABoolean()
    {
        var alliance = await api.SharedAllianceAsync();
        using var anonymous = api.Alliance(alliance.Subdomain);
        using var response = await anonymous.GetAsync("/v1/spaces?openNow=yes");
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("openNow", out _));
    }

    [Fact]
    public async Task ServeTheDefaultLogo_ThatSpaceApiDocumentsPointAt()
    {
        var alliance = await api.SharedAllianceAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.CreateSpaceIdAsync(SpaceRequests.Minimal("Logo-less " + Guid.NewGuid().ToString("N")[..6]));
        var logo = new Uri((await DocumentAsync(api.Alliance(alliance.Subdomain), id)).GetProperty("logo").GetString()!);
        Assert.Equal(ApiFactory.Apex, logo.Host);

        using var platform = api.ClientFor(logo.Host);
        using var response = await platform.GetAsync(logo.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await response.Content.ReadAsByteArrayAsync())[..4]);
    }

    private static async Task<Guid> CreateAsync(HttpClient organizer, string name, string timeZone, string status, Func<IEnumerable<string>, IEnumerable<string>> days)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var today = (int)TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DayOfWeek;
        var fromToday = Enumerable.Range(0, 7).Select(i => Week[(today + i) % 7]);
        var body = SpaceRequests.Minimal(name + " " + Guid.NewGuid().ToString("N")[..6]);
        body["status"] = status;
        body["timeZone"] = timeZone;
        body["openingHours"] = new JsonArray([.. days(fromToday).Select(d => (JsonNode)new JsonObject { ["weekday"] = d, ["opens"] = "00:00", ["closes"] = "24:00" })]);
        return await organizer.CreateSpaceIdAsync(body);
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string path) =>
        [.. (await client.ListAllAsync(path)).Select(s => s.GetProperty("id").GetGuid())];

    private static async Task<JsonElement> DocumentAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/v1/spaces/{id}/spaceapi.json");
        return await response.ReadJsonAsync();
    }
}
