using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Platform;

/// <summary>
/// The public directory. Other test classes claim alliances in the same catalog while these run, so the tests never
/// count the whole directory: they check that their own alliances (under a prefix of their own) appear, in order,
/// exactly once. Labels are letters and digits only, so the order does not depend on the database's collation.
/// </summary>
public sealed partial class ListAlliancesShould(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ListActiveAlliancesOnly()
    {
        var prefix = NewPrefix();
        var active = await ClaimManyAsync(prefix, 3);
        var suspended = await api.ClaimAsync(prefix + "s");
        var deleted = await api.ClaimAsync(prefix + "d");
        using (var op = api.Operator())
        {
            using var suspend = await op.PostAsync($"/v1/alliances/{suspended.Subdomain}/suspend", null);
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
            using var delete = await op.DeleteAsync($"/v1/alliances/{deleted.Subdomain}?confirm={deleted.Subdomain}");
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        var listed = (await WalkAsync(100)).Items.Where(a => a.Subdomain.StartsWith(prefix, StringComparison.Ordinal)).ToList();

        Assert.Equal(active.Select(a => a.Subdomain).Order(StringComparer.Ordinal), listed.Select(a => a.Subdomain));
        Assert.DoesNotContain(listed, a => a.Subdomain == suspended.Subdomain || a.Subdomain == deleted.Subdomain);
    }

    [Fact]
    public async Task ShowThePublicFieldsOfEachAlliance()
    {
        var claimed = await api.ClaimAsync(NewPrefix() + "x");
        var listed = (await WalkAsync(100)).Items.Single(a => a.Subdomain == claimed.Subdomain).Json;

        Assert.Equal(claimed.Id, listed.GetProperty("id").GetGuid());
        Assert.Equal($"Alliance {claimed.Subdomain}", listed.GetProperty("name").GetString());
        Assert.Equal("Test Region", listed.GetProperty("region").GetString());
        Assert.Equal("America/Los_Angeles", listed.GetProperty("timeZone").GetString());
        Assert.Equal($"https://{claimed.Subdomain}.{ApiFactory.Apex}", listed.GetProperty("url").GetString());
        Assert.True(listed.TryGetProperty("createdAt", out _));
        Assert.True(listed.TryGetProperty("updatedAt", out _));
        // The directory is public: nothing about the organizer, the database or keys.
        var text = listed.GetRawText();
        Assert.DoesNotContain("organizer", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alliance_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("alk_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.org", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SortBySubdomain_AndPageWithACursorAndALinkHeader()
    {
        var prefix = NewPrefix();
        var mine = (await ClaimManyAsync(prefix, 7)).Select(a => a.Subdomain).Order(StringComparer.Ordinal).ToList();

        var walk = await WalkAsync(3);

        Assert.All(walk.Pages.SkipLast(1), page => Assert.Equal(3, page));
        Assert.InRange(walk.Pages[^1], 0, 3);
        var all = walk.Items.Select(a => a.Id).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        var listedMine = walk.Items.Select(a => a.Subdomain).Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(mine, listedMine);
    }

    [Fact]
    public async Task EndWithANullCursorAndNoLinkHeader()
    {
        await api.ClaimAsync(NewPrefix() + "x");
        using var platform = api.Platform();
        string? url = "/v1/alliances?limit=100";
        while (url is not null)
        {
            using var response = await platform.GetAsync(url);
            var page = await response.ReadJsonAsync();
            var next = page.GetProperty("nextCursor");
            var link = response.Headers.TryGetValues("Link", out var links) ? links.Single() : null;
            if (next.ValueKind == JsonValueKind.Null)
            {
                Assert.Null(link);
                return;
            }

            Assert.NotNull(link);
            url = NextLink(link);
        }
    }

    [Fact]
    public async Task NeitherRepeatNorSkip_WhenAlliancesAreClaimedMidWalk()
    {
        // The originals sort in the middle of this test's range ("m…"); while the walk is inside the range, new
        // alliances are claimed both behind the cursor ("a…") and ahead of it ("z…").
        var prefix = NewPrefix();
        var originals = (await ClaimManyAsync(prefix + "m", 9)).Select(a => a.Subdomain).Order(StringComparer.Ordinal).ToList();
        var added = new List<string>();

        var walk = await WalkAsync(2, async page =>
        {
            if (page.Any(a => a.Subdomain.StartsWith(prefix, StringComparison.Ordinal)))
            {
                added.Add((await api.ClaimAsync(prefix + "a" + Guid.NewGuid().ToString("N")[..6])).Subdomain);
                added.Add((await api.ClaimAsync(prefix + "z" + Guid.NewGuid().ToString("N")[..6])).Subdomain);
            }
        });

        Assert.NotEmpty(added);
        var ids = walk.Items.Select(a => a.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var seen = walk.Items.Select(a => a.Subdomain).Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(originals, seen.Where(s => originals.Contains(s)));
        Assert.True(seen.SequenceEqual(seen.Order(StringComparer.Ordinal)), string.Join(", ", seen));
        // Those claimed ahead of the cursor are reached; those behind it were passed already (keyset paging).
        Assert.Contains(seen, s => s.StartsWith(prefix + "z", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=1&limit=2", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("state=suspended", "state")]
    public async Task Return400_NamingTheParameter_ForABadQuery(string query, string field)
    {
        using var platform = api.Platform();
        using var response = await platform.GetAsync("/v1/alliances?" + query);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("alk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    public async Task Return401_ForAnInvalidKey_EvenThoughTheDirectoryIsPublic(string key)
    {
        // API-CONVENTIONS: an unknown key is a 401. A client whose key is wrong must find out, not be served as anonymous.
        using var platform = api.Platform(key);
        using var response = await platform.GetAsync("/v1/alliances");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task DefaultTo20PerPage()
    {
        await ClaimManyAsync(NewPrefix(), 21);
        using var platform = api.Platform();
        using var response = await platform.GetAsync("/v1/alliances");
        var page = await response.ReadJsonAsync();
        Assert.Equal(20, page.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.String, page.GetProperty("nextCursor").ValueKind);
    }

    private sealed record Listed(Guid Id, string Subdomain, JsonElement Json);

    private sealed record Walk(List<Listed> Items, List<int> Pages);

    /// <summary>Walks the whole directory by following <c>Link: rel="next"</c>, checking each page's paging fields.</summary>
    private async Task<Walk> WalkAsync(int limit, Func<IReadOnlyList<Listed>, Task>? afterPage = null)
    {
        using var platform = api.Platform();
        var items = new List<Listed>();
        var pages = new List<int>();
        string? url = $"/v1/alliances?limit={limit}";
        while (url is not null)
        {
            Assert.True(pages.Count < 10_000, "the walk does not end");
            using var response = await platform.GetAsync(url);
            var body = await response.ReadJsonAsync();
            var page = body.GetProperty("items").EnumerateArray()
                .Select(e => new Listed(e.GetProperty("id").GetGuid(), e.GetProperty("subdomain").GetString()!, e.Clone()))
                .ToList();
            Assert.True(page.Count <= limit, $"a page of {page.Count} with limit {limit}");
            items.AddRange(page);
            pages.Add(page.Count);

            var next = body.GetProperty("nextCursor");
            var link = response.Headers.TryGetValues("Link", out var links) ? links.Single() : null;
            if (next.ValueKind == JsonValueKind.Null)
            {
                Assert.Null(link);
                url = null;
            }
            else
            {
                Assert.Equal(limit, page.Count);
                Assert.NotNull(link);
                url = NextLink(link);
                Assert.Equal($"https://{ApiFactory.Apex}/v1/alliances?limit={limit}&cursor={next.GetString()}", url);
            }

            if (afterPage is not null)
            {
                await afterPage(page);
            }
        }

        return new Walk(items, pages);
    }

    private static string NextLink(string link)
    {
        var match = LinkNext().Match(link);
        Assert.True(match.Success, $"not a rel=\"next\" link: {link}");
        return match.Groups[1].Value;
    }

    private async Task<List<ClaimedAlliance>> ClaimManyAsync(string prefix, int count)
    {
        var claimed = new List<ClaimedAlliance>();
        for (var i = 0; i < count; i++)
        {
            claimed.Add(await api.ClaimAsync(prefix + Guid.NewGuid().ToString("N")[..6]));
        }

        return claimed;
    }

    /// <summary>A prefix no other alliance has: letters and digits, so collations agree on the order.</summary>
    private static string NewPrefix() => "dir" + Guid.NewGuid().ToString("N")[..8];

    [GeneratedRegex("^<([^>]+)>; rel=\"next\"$")]
    private static partial Regex LinkNext();
}
