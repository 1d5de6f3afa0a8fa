using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Alliances.Api.Tests.Platform;

/// <summary>
/// Measures how long a claim takes through the HTTP API (in-process server, real PostgreSQL). It asserts nothing
/// about time; it prints the figures recorded in docs/benchmarks.md. Run it with
/// <c>ALLIANCES_BENCH=1 dotnet test tests/Alliances.Api.Tests --filter "FullyQualifiedName~ClaimLatencyBenchmark" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class ClaimLatencyBenchmark(ApiFactory api, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    public const int Claims = 200;
    public const int WarmUp = 5;

    [BenchmarkFact]
    public async Task MeasureSequentialClaims()
    {
        using var platform = api.Platform();
        for (var i = 0; i < WarmUp; i++)
        {
            using var warm = await platform.PostAsJsonAsync("/v1/alliances", ApiFactory.ClaimBody(ApiFactory.NewSubdomain("bw")));
            Assert.Equal(HttpStatusCode.Created, warm.StatusCode);
        }

        var samples = new double[Claims];
        for (var i = 0; i < Claims; i++)
        {
            var body = ApiFactory.ClaimBody(ApiFactory.NewSubdomain("bench"));
            var started = Stopwatch.GetTimestamp();
            using var response = await platform.PostAsJsonAsync("/v1/alliances", body);
            _ = await response.Content.ReadAsByteArrayAsync();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Array.Sort(samples);
        var report = string.Create(CultureInfo.InvariantCulture,
            $"ClaimLatencyBenchmark: {Claims} sequential claims (after {WarmUp} warm-up): " +
            $"median {Percentile(samples, 50):F1} ms, p99 {Percentile(samples, 99):F1} ms, " +
            $"min {samples[0]:F1} ms, max {samples[^1]:F1} ms, mean {samples.Average():F1} ms");
        output.WriteLine(report);
        Console.WriteLine(report);
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>A fact that runs only when <c>ALLIANCES_BENCH=1</c>, so benchmarks stay out of ordinary test runs.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public const string Variable = "ALLIANCES_BENCH";

    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"Benchmark: set {Variable}=1 to run it.";
        }
    }
}
