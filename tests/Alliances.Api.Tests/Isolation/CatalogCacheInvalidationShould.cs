using System.Diagnostics;
using System.Net;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Isolation;

/// <summary>Two API instances (two processes' worth of services and catalog caches) on the same database.</summary>
public sealed class TwoApiInstances : IAsyncLifetime
{
    public ApiFactory First { get; } = new();

    public ApiFactory Second { get; } = new();

    public async Task InitializeAsync() =>
        await Task.WhenAll(((IAsyncLifetime)First).InitializeAsync(), ((IAsyncLifetime)Second).InitializeAsync());

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}

/// <summary>
/// A catalog change made through one instance must reach the other instance's cache through LISTEN/NOTIFY within a
/// second. Without it the second instance would keep serving its cached answer for the cache TTL (minutes for a hit,
/// seconds for a miss), so each test can fail.
/// </summary>
public sealed class CatalogCacheInvalidationShould(TwoApiInstances instances) : IClassFixture<TwoApiInstances>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task RefuseAnAllianceSuspendedOnAnotherInstance_WithinOneSecond_AndServeItAgainWithinOneSecondOfResuming()
    {
        var x = await instances.First.ClaimAsync();
        using var onSecond = instances.Second.Alliance(x.Subdomain);
        using var operatorOnFirst = instances.First.Operator();

        using (var warm = await onSecond.GetAsync("/v1/alliance"))
        {
            Assert.Equal(x.Id, (await warm.ReadJsonAsync()).GetProperty("id").GetGuid());
        }

        using (var suspend = await operatorOnFirst.PostAsync($"/v1/alliances/{x.Subdomain}/suspend", null))
        {
            Assert.Equal("suspended", (await suspend.ReadJsonAsync()).GetProperty("state").GetString());
        }

        var (suspended, suspendedAfter) = await PollAsync(onSecond, "/v1/alliance", r => r.StatusCode == HttpStatusCode.Forbidden, "suspension");
        using (suspended)
        {
            await suspended.AssertProblemAsync(HttpStatusCode.Forbidden, "alliance-suspended");
        }

        using (var resume = await operatorOnFirst.PostAsync($"/v1/alliances/{x.Subdomain}/resume", null))
        {
            Assert.Equal("active", (await resume.ReadJsonAsync()).GetProperty("state").GetString());
        }

        var (resumed, resumedAfter) = await PollAsync(onSecond, "/v1/alliance", r => r.StatusCode == HttpStatusCode.OK, "resumption");
        using (resumed)
        {
            Assert.Equal(x.Id, (await resumed.ReadJsonAsync()).GetProperty("id").GetGuid());
        }

        Assert.True(suspendedAfter < Deadline && resumedAfter < Deadline, $"suspended after {suspendedAfter.TotalMilliseconds:F0} ms, resumed after {resumedAfter.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task ServeASubdomainClaimedOnAnotherInstance_WithinOneSecond_AfterCachingItsAbsence()
    {
        var label = ApiFactory.NewSubdomain("n");
        using var onSecond = instances.Second.Alliance(label);

        using (var absent = await onSecond.GetAsync("/v1/alliance"))
        {
            await absent.AssertProblemAsync(HttpStatusCode.NotFound, "alliance-not-found");
        }

        var claimed = await instances.First.ClaimAsync(label);
        var (served, after) = await PollAsync(onSecond, "/v1/alliance", r => r.StatusCode == HttpStatusCode.OK, "claim");
        using (served)
        {
            Assert.Equal(claimed.Id, (await served.ReadJsonAsync()).GetProperty("id").GetGuid());
        }

        Assert.True(after < Deadline, $"served after {after.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task ServeOnlyTheNewAlliance_WhenASubdomainCachedOnOneInstanceIsDeletedAndReclaimedOnAnother()
    {
        var old = await instances.First.ClaimAsync();
        using (var oldKey = instances.Second.Alliance(old.Subdomain, old.OrganizerKey))
        using (var warm = await oldKey.GetAsync("/v1/api-keys"))
        {
            Assert.Single((await warm.ReadJsonAsync()).GetProperty("items").EnumerateArray());
        }

        using var operatorOnFirst = instances.First.Operator();
        using (var delete = await operatorOnFirst.DeleteAsync($"/v1/alliances/{old.Subdomain}?confirm={old.Subdomain}"))
        {
            Assert.Equal("deleted", (await delete.ReadJsonAsync()).GetProperty("state").GetString());
        }

        using var anonymousOnSecond = instances.Second.Alliance(old.Subdomain);
        // Until the NOTIFY lands, the stale entry may still route here and the dropped schema answer a plain 404; what
        // must follow within the second is the resolver's own answer.
        var (gone, goneAfter) = await PollAsync(anonymousOnSecond, "/v1/alliance",
            r => r.StatusCode == HttpStatusCode.NotFound &&
                 r.Content.ReadAsStringAsync().GetAwaiter().GetResult().Contains("alliance-not-found", StringComparison.Ordinal),
            "deletion");
        using (gone)
        {
            await gone.AssertProblemAsync(HttpStatusCode.NotFound, "alliance-not-found");
        }

        var reclaimed = await instances.First.ClaimAsync(old.Subdomain);
        Assert.NotEqual(old.Id, reclaimed.Id);
        var (served, servedAfter) = await PollAsync(anonymousOnSecond, "/v1/alliance", r => r.StatusCode == HttpStatusCode.OK, "re-claim");
        using (served)
        {
            Assert.Equal(reclaimed.Id, (await served.ReadJsonAsync()).GetProperty("id").GetGuid());
        }

        // The previous owner's key means nothing to the new alliance on the same label.
        using (var oldKey = instances.Second.Alliance(old.Subdomain, old.OrganizerKey))
        using (var refused = await oldKey.GetAsync("/v1/api-keys"))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using (var newKey = instances.Second.Alliance(reclaimed.Subdomain, reclaimed.OrganizerKey))
        using (var listed = await newKey.GetAsync("/v1/api-keys"))
        {
            var ids = (await listed.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
            var tenant = await IsolationDb.TenantOfAsync(instances.First.Database, reclaimed);
            IsolationDb.AssertSameIds(await IsolationDb.RowIdsAsync(instances.First.Database, tenant, "api_keys"), ids, "Keys of the re-claimed alliance");
        }

        Assert.True(goneAfter < Deadline && servedAfter < Deadline,
            $"deletion seen after {goneAfter.TotalMilliseconds:F0} ms, re-claim served after {servedAfter.TotalMilliseconds:F0} ms");
    }

    /// <summary>Polls every 20 ms until <paramref name="done"/> holds or the one-second deadline passes; returns the answer and when it came.</summary>
    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> PollAsync(
        HttpClient client, string path, Func<HttpResponseMessage, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        var seen = new List<string>();
        while (true)
        {
            var response = await client.GetAsync(path);
            if (done(response))
            {
                return (response, clock.Elapsed);
            }

            seen.Add($"{clock.ElapsedMilliseconds} ms: {(int)response.StatusCode}");
            response.Dispose();
            if (clock.Elapsed >= Deadline)
            {
                Assert.Fail($"The other instance did not see the {what} within {Deadline.TotalMilliseconds} ms " +
                            $"(gave up after {clock.ElapsedMilliseconds} ms). Answers: {string.Join(", ", seen.TakeLast(5))}");
            }

            await Task.Delay(PollInterval);
        }
    }
}
