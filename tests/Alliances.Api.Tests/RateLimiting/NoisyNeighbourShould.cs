using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Alliances.Api.Tests.RateLimiting;

/// <summary>
/// Alliance A floods at ten times its limit (and more: for as long as B is measured) while alliance B runs ordinary
/// anonymous reads. A is throttled, B never is. B's latency, quiet and under the flood, is printed for
/// docs/benchmarks.md; it is not asserted, because this machine is shared and timings on it are noise.
/// </summary>
public sealed class NoisyNeighbourShould(NoisyNeighbourApiFactory api, ITestOutputHelper output) : IClassFixture<NoisyNeighbourApiFactory>
{
    // 100 samples a phase, so the p99 is not simply the slowest request; 200 in all fit B's anonymous limit.
    private const int BRequestsPerPhase = 100;
    private const int FloodLoops = 8;

    [Fact]
    public async Task Throttle_TheFlooder_AndNotItsNeighbour()
    {
        var a = await api.ClaimAsync();
        var b = await api.ClaimAsync();
        using var bClient = api.Alliance(b.Subdomain);
        using var aClient = api.Alliance(a.Subdomain, a.OrganizerKey);

        // A uses its whole quota and a few rejections before anything is measured, so both its paths (200 and 429)
        // are compiled and warm; then B's path is warmed and measured alone.
        var aStatuses = new ConcurrentBag<HttpStatusCode>();
        for (var i = 0; i < NoisyNeighbourApiFactory.KeyLimit + 20; i++)
        {
            using var response = await aClient.GetAsync("/v1/alliance");
            aStatuses.Add(response.StatusCode);
        }

        await RunBAsync(bClient, 5);
        var quiet = await RunBAsync(bClient, BRequestsPerPhase);

        // The flood runs until B's loud phase is over and at least ten times A's limit has been sent.
        var bDone = false;
        var flood = Enumerable.Range(0, FloodLoops).Select(async _ =>
        {
            while (!Volatile.Read(ref bDone) || aStatuses.Count < NoisyNeighbourApiFactory.KeyLimit * 10)
            {
                using var response = await aClient.GetAsync("/v1/alliance");
                aStatuses.Add(response.StatusCode);
            }
        }).ToArray();
        await Task.Delay(50);
        var loud = await RunBAsync(bClient, BRequestsPerPhase);
        Volatile.Write(ref bDone, true);
        await Task.WhenAll(flood);

        Assert.All(quiet.Statuses.Concat(loud.Statuses), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(NoisyNeighbourApiFactory.KeyLimit, aStatuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(aStatuses.Count - NoisyNeighbourApiFactory.KeyLimit, aStatuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.True(aStatuses.Count >= NoisyNeighbourApiFactory.KeyLimit * 10, $"A sent only {aStatuses.Count} requests.");

        var report = string.Create(CultureInfo.InvariantCulture,
            $"NoisyNeighbour: A sent {aStatuses.Count} requests (limit {NoisyNeighbourApiFactory.KeyLimit}) from {FloodLoops} loops: " +
            $"{aStatuses.Count(s => s == HttpStatusCode.TooManyRequests)} got 429. B ({BRequestsPerPhase} sequential anonymous GET /v1/spaces per phase): " +
            $"p99 quiet {Percentile(quiet.Samples, 99):F1} ms, p99 under A's flood {Percentile(loud.Samples, 99):F1} ms " +
            $"({Percentile(loud.Samples, 99) / Percentile(quiet.Samples, 99):F2}x); " +
            $"median quiet {Percentile(quiet.Samples, 50):F1} ms, under flood {Percentile(loud.Samples, 50):F1} ms; B got no 429");
        output.WriteLine(report);
        Console.WriteLine(report);
    }

    private static async Task<(double[] Samples, List<HttpStatusCode> Statuses)> RunBAsync(HttpClient client, int count)
    {
        var samples = new double[count];
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync("/v1/spaces");
            _ = await response.Content.ReadAsByteArrayAsync();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            statuses.Add(response.StatusCode);
        }

        Array.Sort(samples);
        return (samples, statuses);
    }

    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
