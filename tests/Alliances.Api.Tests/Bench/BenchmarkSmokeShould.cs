using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Alliances.Api.Tests.Bench;

/// <summary>
/// Runs <c>deploy/bench/run.sh --smoke</c>: 3 alliances, 2 s loads, 10 claims, the table written to a temporary file
/// and not to docs/benchmarks.md. It checks that the benchmark still works end to end and prints every figure; it
/// asserts nothing about speed, which a shared CI machine cannot judge. The full run is made by hand (docs/benchmarks.md).
/// </summary>
[Trait("Category", "BenchmarkSmoke")]
public sealed partial class BenchmarkSmokeShould(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task RunEndToEnd_AndPrintATableWithEveryFigure()
    {
        var repo = RepositoryRoot();
        var table = Path.Combine(Path.GetTempPath(), $"alliances-bench-smoke-{Guid.NewGuid():N}.md");
        var docs = Path.Combine(repo, "docs", "benchmarks.md");
        var docsBefore = File.Exists(docs) ? await File.ReadAllTextAsync(docs) : null;
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync(repo, Path.Combine(repo, "deploy", "bench", "run.sh"), "--smoke", "--output", table);
            output.WriteLine(stdout);
            output.WriteLine(stderr);

            Assert.True(exitCode == 0, $"run.sh --smoke exited {exitCode}:\n{stderr}");
            Assert.Contains("| Measure | Result | Goal | Verdict |", stdout, StringComparison.Ordinal);
            AssertRow(stdout, "(a) `GET /v1/spaces`, one alliance", RequestsPerSecond());
            AssertRow(stdout, "(b) `GET /v1/spaces`, 3 alliances in rotation", RequestsPerSecond());
            AssertRow(stdout, "(b) / (a), throughput", Ratio());
            AssertRow(stdout, "(b) / (a), p99", Ratio());
            AssertRow(stdout, "API RSS after warming one alliance", Megabytes());
            AssertRow(stdout, "API RSS after touching all 3", Megabytes());
            AssertRow(stdout, "RSS growth per alliance", Kilobytes());
            AssertRow(stdout, "Live managed heap after a full GC", KilobytesOrNotInstalled());
            AssertRow(stdout, "Claims over HTTP on the apex (10 sequential", Milliseconds());
            AssertRow(stdout, "Migrate all 3 alliances, nothing pending", Seconds());
            AssertRow(stdout, "Migrate all 3 alliances, no-op script", Seconds());
            AssertRow(stdout, "Migrate all 3 alliances, one column", Seconds());
            if (stdout.Contains("- **Floor:** raw floor:", StringComparison.Ordinal))
            {
                AssertRow(stdout, "Raw floor, same query and host", RequestsPerSecond());
                AssertRow(stdout, "(a) / raw floor, throughput", Ratio());
            }
            else
            {
                AssertRow(stdout, "(a) / raw floor", NotMeasured());
            }

            Assert.Equal(stdout.Trim(), (await File.ReadAllTextAsync(table)).Trim());
            Assert.Equal(docsBefore, File.Exists(docs) ? await File.ReadAllTextAsync(docs) : null);
        }
        finally
        {
            File.Delete(table);
        }
    }

    private static void AssertRow(string text, string label, Regex figure)
    {
        var row = text.Split('\n').FirstOrDefault(line => line.StartsWith("| " + label, StringComparison.Ordinal));
        Assert.True(row is not null, $"no row '{label}' in:\n{text}");
        var cells = row.Split('|', StringSplitOptions.TrimEntries);
        // "", measure, result, goal, verdict, ""
        Assert.True(cells.Length == 6, $"row '{label}' does not have four cells: {row}");
        Assert.Matches(figure, cells[2]);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string repo, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = repo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own build leaves MSBuild variables behind; they would steer the script's `dotnet build`.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM first, so the script's trap stops the API and the baseline it started.
            using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }

            throw new TimeoutException($"run.sh --smoke did not finish within {Timeout}:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "deploy", "bench", "run.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("deploy/bench/run.sh not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\d+ req/s, p50 [\d.]+ ms, p99 [\d.]+ ms")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\d+\.\d+x")]
    private static partial Regex Ratio();

    [GeneratedRegex(@"^\d+\.\d MB \(spread \d+\.\d MB\)$")]
    private static partial Regex Megabytes();

    [GeneratedRegex(@"^-?\d+\.\d+ KB")]
    private static partial Regex Kilobytes();

    [GeneratedRegex(@"^(-?\d+\.\d+ KB|n/a: dotnet-gcdump not installed)")]
    private static partial Regex KilobytesOrNotInstalled();

    [GeneratedRegex(@"^median [\d.]+ ms, p99 [\d.]+ ms$")]
    private static partial Regex Milliseconds();

    [GeneratedRegex(@"^[\d.]+ s wall \(runner [\d.]+ s\)")]
    private static partial Regex Seconds();

    [GeneratedRegex("^n/a: ")]
    private static partial Regex NotMeasured();
}
