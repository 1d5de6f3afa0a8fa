using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Alliances.LocalPostgres.Tests;

/// <summary>
/// One real cluster for the integration tests, on a free port and in a directory of this run's own, so it never touches
/// the development cluster on 5433 nor the cluster of another test run on the same host. Stopped and deleted
/// afterwards; a run that crashed before that is cleaned up by the next one (its directory names its process).
/// </summary>
public sealed class LocalPostgresClusterFixture : IAsyncLifetime
{
    private const string DirectoryPrefix = "alliances-localpostgres-cluster-";

    public LocalPostgresClusterFixture()
    {
        var port = FreePort();
        Options = new LocalPostgresOptions
        {
            Port = port,
            DataDirectory = $"/tmp/{DirectoryPrefix}{Environment.ProcessId}-{port}/data",
            DatabaseName = "alliances_test",
            StartTimeout = TimeSpan.FromSeconds(30),
        };
    }

    public LocalPostgresOptions Options { get; }

    public int Port => Options.Port;

    public string DataDirectory => Options.DataDirectory!;

    public LocalPostgresConnectionStrings ConnectionStrings { get; private set; } = null!;

    /// <summary>A TCP port nothing listens on right now (the kernel's pick); another run picks another.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        await RemoveClustersOfDeadRunsAsync();
        ConnectionStrings = await LocalPostgresCluster.EnsureStartedAsync(Options);
    }

    public Task DisposeAsync() => CleanUpAsync(Options);

    /// <summary>First line of postmaster.pid: changes only when the server is restarted.</summary>
    public int PostmasterPid() =>
        int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    private static async Task RemoveClustersOfDeadRunsAsync()
    {
        foreach (var directory in Directory.GetDirectories("/tmp", DirectoryPrefix + "*"))
        {
            var parts = Path.GetFileName(directory)[DirectoryPrefix.Length..].Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid)
                && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var port))
            {
                try
                {
                    await CleanUpAsync(new LocalPostgresOptions { Port = port, DataDirectory = Path.Combine(directory, "data"), StartTimeout = TimeSpan.FromSeconds(30) });
                }
                catch (LocalPostgresException)
                {
                    // Best effort: a half-made directory of a crashed run may not stop cleanly; it is the next run's turn.
                }
            }
        }
    }

    private static async Task CleanUpAsync(LocalPostgresOptions options)
    {
        await LocalPostgresCluster.StopAsync(options);
        foreach (var directory in new[] { Path.GetDirectoryName(options.DataDirectory)!, $"/tmp/alliances-pg-{options.Port}" })
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
