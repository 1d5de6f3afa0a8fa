using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Alliances.Api.Tests.Isolation;

/// <summary>A catalog store that can hold one lookup after it has read the database and before it answers.</summary>
public sealed class GatedCatalogStore : IAllianceCatalogStore
{
    private readonly ConcurrentDictionary<string, Hold> _holds = new(StringComparer.Ordinal);

    public IAllianceCatalogStore? Inner { get; set; }

    /// <summary>The next lookup of <paramref name="subdomain"/> will read the database, signal <see cref="Hold.Read"/>, then wait for <see cref="Hold.Release"/>.</summary>
    public Hold HoldNextLookup(string subdomain)
    {
        var hold = new Hold();
        Assert.True(_holds.TryAdd(subdomain, hold));
        return hold;
    }

    public async Task<AllianceCatalogEntry?> FindBySubdomainAsync(string subdomain, CancellationToken cancellationToken)
    {
        var entry = await Inner!.FindBySubdomainAsync(subdomain, cancellationToken);
        if (_holds.TryRemove(subdomain, out var hold))
        {
            hold.SignalRead();
            await hold.Released.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        }

        return entry;
    }

    public sealed class Hold
    {
        private readonly TaskCompletionSource _read = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Read => _read.Task;

        internal Task Released => _release.Task;

        public void Release() => _release.TrySetResult();

        internal void SignalRead() => _read.TrySetResult();
    }
}

/// <summary>The API whose catalog cache reads through a <see cref="GatedCatalogStore"/>.</summary>
public sealed class GatedCatalogApiFactory : ApiFactory
{
    public GatedCatalogStore Gate { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<PostgresAllianceCatalogStore>();
        services.AddSingleton<IAllianceCatalogStore>(sp =>
        {
            Gate.Inner = sp.GetRequiredService<PostgresAllianceCatalogStore>();
            return Gate;
        });
    }
}

/// <summary>
/// Races between a cache fill and an invalidation. A lookup that read the catalog just before a suspension committed
/// must not put its (now stale) answer into the cache after the NOTIFY for that suspension has been processed; if it
/// does, the node serves the suspended alliance for the whole positive TTL (5 minutes by default).
/// </summary>
public sealed class CatalogCacheRaceShould(GatedCatalogApiFactory api) : IClassFixture<GatedCatalogApiFactory>
{
    [Fact]
    public async Task RefuseASuspendedAlliance_WithinOneSecond_EvenWhenALookupWasInFlightAsTheSuspensionCommitted()
    {
        var x = await api.ClaimAsync();
        var sentinel = await api.ClaimAsync();
        using var onX = api.Alliance(x.Subdomain);
        using var onSentinel = api.Alliance(sentinel.Subdomain);
        using var operatorClient = api.Operator();
        using (var warm = await onSentinel.GetAsync("/v1/alliance"))
        {
            await warm.ReadJsonAsync();
        }

        // 1. A request for X reads the catalog ("active") and is held before it fills the cache.
        var hold = api.Gate.HoldNextLookup(x.Subdomain);
        var inFlight = onX.GetAsync("/v1/alliance");
        await hold.Read.WaitAsync(TimeSpan.FromSeconds(10));

        // 2. X is suspended, then the sentinel. NOTIFYs arrive in commit order, so once this node refuses the
        //    sentinel it has processed X's invalidation too (which found nothing to evict yet).
        using (var suspend = await operatorClient.PostAsync($"/v1/alliances/{x.Subdomain}/suspend", null))
        {
            await suspend.ReadJsonAsync();
        }

        using (var suspend = await operatorClient.PostAsync($"/v1/alliances/{sentinel.Subdomain}/suspend", null))
        {
            await suspend.ReadJsonAsync();
        }

        await WaitForAsync(onSentinel, HttpStatusCode.Forbidden, TimeSpan.FromSeconds(5), "the sentinel's suspension");

        // 3. The held lookup completes with what it read before the suspension (acceptable for that one request)...
        hold.Release();
        using (var first = await inFlight)
        {
            Assert.True(first.StatusCode is HttpStatusCode.OK or HttpStatusCode.Forbidden, $"{(int)first.StatusCode}");
        }

        // 4. ...but it must not leave X cached as active: the suspension has already been announced.
        var after = await WaitForAsync(onX, HttpStatusCode.Forbidden, TimeSpan.FromSeconds(1),
            "X's suspension (a lookup that started before the suspension cached 'active' after the NOTIFY was processed; " +
            "it stays cached for Alliances:CatalogCacheTtl)");
        Assert.True(after < TimeSpan.FromSeconds(1), $"refused after {after.TotalMilliseconds:F0} ms");
    }

    private static async Task<TimeSpan> WaitForAsync(HttpClient client, HttpStatusCode status, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        var seen = new List<int>();
        while (true)
        {
            using (var response = await client.GetAsync("/v1/alliance"))
            {
                if (response.StatusCode == status)
                {
                    return clock.Elapsed;
                }

                seen.Add((int)response.StatusCode);
            }

            if (clock.Elapsed >= deadline)
            {
                Assert.Fail($"Still not {(int)status} after {clock.ElapsedMilliseconds} ms waiting for {what}. " +
                            $"Answers: {string.Join(", ", seen.TakeLast(5))} ({seen.Count} polls).");
            }

            await Task.Delay(20);
        }
    }
}
