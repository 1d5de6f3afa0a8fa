using System.Globalization;

namespace Alliances.LocalPostgres.Tests;

/// <summary>
/// One real cluster for the integration tests, on its own port and in its own directory so it never touches the
/// development cluster on 5433. Stopped and deleted afterwards.
/// </summary>
public sealed class LocalPostgresClusterFixture : IAsyncLifetime
{
    public const int Port = 5491;

    public LocalPostgresClusterFixture()
    {
        // Fixed per port (not random) so a run that crashed before DisposeAsync is cleaned up by the next one.
        Options = new LocalPostgresOptions
        {
            Port = Port,
            DataDirectory = $"/tmp/alliances-localpostgres-tests-{Port}/data",
            DatabaseName = "alliances_test",
            StartTimeout = TimeSpan.FromSeconds(30),
        };
    }

    public LocalPostgresOptions Options { get; }

    public string DataDirectory => Options.DataDirectory!;

    public LocalPostgresConnectionStrings ConnectionStrings { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await CleanUpAsync();
        ConnectionStrings = await LocalPostgresCluster.EnsureStartedAsync(Options);
    }

    public Task DisposeAsync() => CleanUpAsync();

    /// <summary>First line of postmaster.pid: changes only when the server is restarted.</summary>
    public int PostmasterPid() =>
        int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    private async Task CleanUpAsync()
    {
        await LocalPostgresCluster.StopAsync(Options);
        foreach (var directory in new[] { Path.GetDirectoryName(DataDirectory)!, $"/tmp/alliances-pg-{Port}" })
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }
}
