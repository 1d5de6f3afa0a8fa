using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Meetings;

public sealed class ListMeetingsShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task SortByStartThenId_AndWalkPagesWithoutDuplicatesOrSkips_WhileMeetingsAreAdded()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var anonymous = api.Alliance(alliance.Subdomain);
        var now = DateTimeOffset.UtcNow;
        var original = new List<Guid>();
        // Two meetings at each start time, so the id decides their order.
        foreach (var day in new[] { 5, 1, 3, 1, 5, 2, 4, 3 })
        {
            original.Add(await organizer.CreateMeetingIdAsync(MeetingCalls.Body($"Day {day}", TimeSpan.FromDays(day), now: now)));
        }

        var seen = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            using var response = await anonymous.GetAsync("/v1/meetings?limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var page = await response.ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Clone()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
            if (cursor is not null)
            {
                Assert.Contains("rel=\"next\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
            }

            // Meetings added mid-walk, before and after the position reached, must not disturb it.
            if (pages++ == 0)
            {
                await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Inserted early", TimeSpan.FromDays(1), now: now));
                await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Inserted late", TimeSpan.FromDays(6), now: now));
            }
        }
        while (cursor is not null);

        var ids = seen.Select(m => m.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Superset(original.ToHashSet(), ids.ToHashSet());
        var keys = seen.Select(m => (m.GetProperty("startsAt").GetDateTimeOffset(), m.GetProperty("id").GetGuid())).ToList();
        Assert.Equal(keys.OrderBy(k => k.Item1).ThenBy(k => k.Item2), keys);
    }

    [Fact]
    public async Task FilterByFromToStatusHostSpaceAndSeries()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var now = DateTimeOffset.UtcNow;
        var space = (await organizer.CreateSpaceAsync("Host")).GetProperty("id").GetGuid();
        var early = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Early", TimeSpan.FromDays(1), now: now));
        var hostedBody = MeetingCalls.Body("Hosted", TimeSpan.FromDays(3), now: now);
        hostedBody["hostSpaceId"] = space;
        var hosted = await organizer.CreateMeetingIdAsync(hostedBody);
        var late = await organizer.CreateMeetingIdAsync(MeetingCalls.Body("Late", TimeSpan.FromDays(5), now: now));
        using (var cancel = await organizer.SendAsync(HttpMethod.Post, $"/v1/meetings/{late}/cancel", new JsonObject { ["reason"] = "No quorum" }))
        {
            await cancel.ReadJsonAsync();
        }

        string At(int days) => Uri.EscapeDataString(
            MeetingCalls.WholeSecond(now.AddDays(days)).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([hosted, late], await IdsAsync(organizer, $"/v1/meetings?from={At(2)}"));
        Assert.Equal([early, hosted], await IdsAsync(organizer, $"/v1/meetings?to={At(4)}"));
        Assert.Equal([hosted], await IdsAsync(organizer, $"/v1/meetings?from={At(2)}&to={At(4)}"));
        Assert.Equal([early, hosted], await IdsAsync(organizer, "/v1/meetings?status=scheduled"));
        Assert.Equal([late], await IdsAsync(organizer, "/v1/meetings?status=cancelled"));
        Assert.Equal([hosted], await IdsAsync(organizer, $"/v1/meetings?hostSpaceId={space}"));
        Assert.Empty(await IdsAsync(organizer, $"/v1/meetings?seriesId={Guid.NewGuid()}"));
    }

    [Theory]
    [InlineData("from=2027-03-10T18:00:00", "from")]
    [InlineData("from=2027-03-10", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2027-03-10T00:00:00Z&to=2027-03-09T00:00:00Z", "to")]
    [InlineData("status=done", "status")]
    [InlineData("status=scheduled&status=held", "status")]
    [InlineData("hostSpaceId=42", "hostSpaceId")]
    [InlineData("seriesId=", "seriesId")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("sort=title", "sort")]
    public async Task Refuse400_ForABadFilterValueOrAnUnknownParameter_NamingIt(string query, string field)
    {
        var alliance = await api.ClaimAsync();
        using var anonymous = api.Alliance(alliance.Subdomain);

        using var response = await anonymous.GetAsync("/v1/meetings?" + query);

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest)).Errors();
        Assert.Equal([field], errors.Keys);
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string path) =>
        [.. (await client.ListAllAsync(path)).Select(m => m.GetProperty("id").GetGuid())];
}
