using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Pages;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Api.Tests.Meetings;
using Alliances.Api.Tests.Spaces;

namespace Alliances.Api.Tests.Pages;

/// <summary>The alliance's home page and space pages, with the Seattle demo data and with hostile text.</summary>
public sealed class AlliancePagesShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Seattle = "seattle." + ApiFactory.Apex;

    [Fact]
    public async Task ShowSeattle_ItsSpaces_Meetings_Priorities_AndSubscribeLinks_AsTheApiHasThem()
    {
        await PageKit.SeedSeattleAsync(api);
        using var browser = PageKit.Browser(api, Seattle);
        using var json = api.Alliance("seattle");
        var (_, page, response) = await PageKit.GetPageAsync(browser, "/");
        using var _ = response;

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(page.QuerySelector("header"));
        Assert.NotNull(page.QuerySelector("main#main"));
        Assert.NotNull(page.QuerySelector("footer"));
        Assert.Equal("Seattle Collaborative Space Alliance", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Seattle, WA", page.QuerySelector(".region")!.TextContent.Trim());

        // Every space the API lists, linked to its page, with what the card promises.
        var spaces = await json.ListAllAsync("/v1/spaces");
        Assert.True(spaces.Count >= 4);
        foreach (var space in spaces)
        {
            var slug = space.GetProperty("slug").GetString()!;
            var link = page.QuerySelector($".card a[href='/spaces/{slug}']");
            Assert.True(link is not null, $"No card links /spaces/{slug}.");
            Assert.Equal(space.GetProperty("name").GetString(), link!.TextContent.Trim());
            var card = link.Closest(".card")!;
            Assert.Matches("(Open now|Closed now)", card.TextContent);
            Assert.Matches("(Today \\d\\d:\\d\\d–\\d\\d:\\d\\d|Closed today)", card.TextContent);
        }

        var nomads = page.QuerySelector(".card a[href='/spaces/office-nomads']")!.Closest(".card")!.TextContent;
        Assert.Contains("Capitol Hill", nomads, StringComparison.Ordinal);
        Assert.Contains("Plans: USD 30.00–450.00", nomads, StringComparison.Ordinal);
        Assert.Contains("bike storage", nomads, StringComparison.Ordinal);

        // The next scheduled meeting, its agenda parts and seats.
        var upcoming = (await json.ListAllAsync($"/v1/meetings?status=scheduled&from={DateTimeOffset.UtcNow.AddHours(-3):yyyy-MM-ddTHH:mm:ssZ}"))
            .Where(m => m.GetProperty("endsAt").GetDateTimeOffset() > DateTimeOffset.UtcNow).ToList();
        var meetings = page.QuerySelectorAll("article.meeting");
        Assert.Equal(Math.Min(upcoming.Count, AlliancePageData.MaxMeetings), meetings.Length);
        Assert.Equal(upcoming[0].GetProperty("title").GetString(), meetings[0].QuerySelector("h3")!.TextContent.Trim());
        var agenda = upcoming[0].GetProperty("agenda").EnumerateArray().ToList();
        Assert.Equal(agenda.Count, meetings[0].QuerySelectorAll("ol.agenda li").Length);
        Assert.Matches("(seats left|no seat limit)", meetings[0].TextContent);

        // Subscribe links, both schemes, on the canonical host.
        Assert.NotNull(page.QuerySelector($"a[href='webcal://{Seattle}/v1/calendar.ics']"));
        Assert.NotNull(page.QuerySelector($"a[href='https://{Seattle}/v1/calendar.ics']"));

        // The active priorities in rank order.
        var active = await json.ListAllAsync("/v1/priorities?status=active");
        Assert.NotEmpty(active);
        Assert.Equal(
            active.OrderBy(p => p.GetProperty("rank").GetInt32()).Select(p => p.GetProperty("title").GetString()),
            page.QuerySelectorAll("ol.priorities > li > h3").Select(h => h.TextContent.Trim()));
        Assert.DoesNotContain("No decisions recorded yet.", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowASpacePage_WithHours_Plans_Amenities_SpaceApi_AndItsMeetings()
    {
        await PageKit.SeedSeattleAsync(api);
        using var browser = PageKit.Browser(api, Seattle);
        var (_, page, response) = await PageKit.GetPageAsync(browser, "/spaces/office-nomads");
        using var _ = response;

        Assert.Equal("Office Nomads", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(7, page.QuerySelectorAll("#hours ~ ul li").Length);
        Assert.Contains("Monday: 08:30–18:00", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Sunday: closed", page.Body.TextContent, StringComparison.Ordinal);
        Assert.Contains("Full-time desk: USD 450.00 per month", page.Body.TextContent, StringComparison.Ordinal);
        Assert.Contains("meeting rooms", page.QuerySelector("#amenities ~ ul.tags")!.TextContent, StringComparison.Ordinal);
        var spaceApi = page.QuerySelector("a[href$='/spaceapi.json']")!.GetAttribute("href")!;
        using var document = await api.Alliance("seattle").GetAsync(spaceApi);
        Assert.Equal("Office Nomads", (await document.ReadJsonAsync()).GetProperty("space").GetString());
    }

    [Fact]
    public async Task Resolve_EveryLink_OnTheHomeAndSpacePages()
    {
        await PageKit.SeedSeattleAsync(api);
        using var browser = PageKit.Browser(api, Seattle);
        foreach (var path in new[] { "/", "/spaces/office-nomads", "/spaces/jigsaw-renaissance" })
        {
            var (_, page, response) = await PageKit.GetPageAsync(browser, path);
            response.Dispose();
            var broken = await PageKit.BrokenLinksAsync(api, Seattle, page);
            Assert.True(broken.Count == 0, $"{path} has broken links:\n" + string.Join("\n", broken));
        }
    }

    [Fact]
    public async Task Encode_ScriptInEveryField_OnEveryPage()
    {
        const string hostile = "<script>alert(1)</script>\"'&";
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using (var patch = await organizer.PatchAsJsonAsync("/v1/alliance", new { description = hostile, name = hostile, region = hostile }))
        {
            await patch.ReadJsonAsync();
        }

        var space = SpaceRequests.Full(name: "Hostile " + hostile, slug: "hostile");
        foreach (var field in new[] { "description", "neighborhood" })
        {
            space[field] = hostile;
        }

        space["address"]!["street"] = hostile;
        space["membershipPlans"] = new JsonArray(new JsonObject
        {
            ["name"] = hostile, ["price"] = new JsonObject { ["amount"] = "10.00", ["currency"] = "USD" }, ["interval"] = "month",
        });
        var spaceId = await organizer.CreateSpaceIdAsync(space);
        var meeting = MeetingCalls.Body(hostile, TimeSpan.FromDays(3));
        meeting["hostSpaceId"] = spaceId.ToString();
        meeting["agenda"] = new JsonArray(MeetingCalls.Segment(hostile, "structured", 30, hostile));
        await organizer.CreateMeetingIdAsync(meeting);
        using (var priority = await organizer.PostAsJsonAsync("/v1/priorities", new { title = hostile, area = "other", description = hostile }))
        {
            var id = (await priority.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            using var promoted = await organizer.PostAsync($"/v1/priorities/{id}/promote", null);
            await promoted.ReadJsonAsync();
            using var progress = await organizer.PatchAsJsonAsync($"/v1/priorities/{id}", new { progressNotes = hostile, owner = new { name = hostile } });
            await progress.ReadJsonAsync();
        }

        using var browser = PageKit.Browser(api, $"{alliance.Subdomain}.{ApiFactory.Apex}");
        foreach (var path in new[] { "/", "/spaces/hostile" })
        {
            var (html, page, response) = await PageKit.GetPageAsync(browser, path);
            response.Dispose();
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(page.QuerySelectorAll("script"));
            Assert.Contains(hostile, page.Body!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendAStrictContentSecurityPolicy_AndAnETag_ThatAnswers304()
    {
        await PageKit.SeedSeattleAsync(api);
        using var browser = PageKit.Browser(api, Seattle);
        var (_, page, response) = await PageKit.GetPageAsync(browser, "/");
        using var _ = response;
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("[style], style, script"));
        Assert.Contains("max-age=", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var etag = response.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await browser.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var css = await browser.GetAsync("/assets/site.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(css.Headers.ETag);
    }

    [Fact]
    public async Task AnswerAnUnknownSpace_WithA404Page_ForBrowsers_AndProblemJson_ForApiClients()
    {
        await PageKit.SeedSeattleAsync(api);
        using var browser = PageKit.Browser(api, Seattle);
        using var page = await browser.GetAsync("/spaces/no-such-space");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Not found", PageKit.Parse(await page.Content.ReadAsStringAsync()).QuerySelector("h1")!.TextContent);

        using var client = api.Alliance("seattle");
        using var problem = await client.GetAsync("/spaces/no-such-space");
        await problem.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}
