using System.Diagnostics;
using System.Globalization;
using Alliances.Api.Tests.Infrastructure;
using Alliances.LocalPostgres;
using Alliances.Tenancy.Database;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliances.Api.Tests.Faults;

/// <summary>
/// A PostgreSQL cluster of the fault tests' own, on the test port + 100 under /tmp, with the API in-process on it. The
/// tests stop, restart, freeze (SIGSTOP) and exhaust it, which they must never do to the cluster every other test class
/// shares. It has 30 connection slots, so exhausting them is quick. It keeps running between runs (like the shared one)
/// and is stopped when the fixture is disposed.
/// </summary>
public sealed class FaultCluster : IAsyncLifetime
{
    public const int MaxConnections = 30;

    public FaultCluster()
    {
        var sharedPort = int.TryParse(Environment.GetEnvironmentVariable("ALLIANCES_PG_PORT"), out var port) ? port : 5433;
        Options = new LocalPostgresOptions
        {
            Port = sharedPort + 100,
            DataDirectory = Path.Combine(Path.GetTempPath(), $"alliances-faults-{sharedPort + 100}", "postgres"),
        };
    }

    public LocalPostgresOptions Options { get; }

    public LocalPostgresConnectionStrings ConnectionStrings { get; private set; } = null!;

    public FaultApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionStrings = await LocalPostgresCluster.EnsureStartedAsync(Options);
        await using (var connection = new NpgsqlConnection(ConnectionStrings.Superuser))
        {
            await connection.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW max_connections", connection);
            if ((string?)await show.ExecuteScalarAsync() != MaxConnections.ToString(CultureInfo.InvariantCulture))
            {
                await using var set = new NpgsqlCommand($"ALTER SYSTEM SET max_connections = {MaxConnections}", connection);
                await set.ExecuteNonQueryAsync();
                await connection.CloseAsync();
                await RestartAsync(TimeSpan.Zero);
            }
        }

        Api = new FaultApiFactory(ConnectionStrings);
        await Api.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        Resume();
        await LocalPostgresCluster.StopAsync(Options);
    }

    public Task StopAsync() => LocalPostgresCluster.StopAsync(Options);

    public async Task StartAsync() => ConnectionStrings = await LocalPostgresCluster.EnsureStartedAsync(Options);

    public async Task RestartAsync(TimeSpan down)
    {
        await StopAsync();
        await Task.Delay(down);
        await StartAsync();
    }

    /// <summary>
    /// Up and served: a test before may have stopped or restarted the server, leaving dead connections in the API's pools.
    /// Those are dropped, so each test starts from a served API (recovering through them is what the tests themselves prove).
    /// </summary>
    public async Task ReadyAsync()
    {
        Resume();
        await StartAsync();
        Api.Services.GetRequiredService<AppDataSource>().DataSource.Clear();
        Api.Services.GetRequiredService<OwnerDataSource>().DataSource.Clear();
        using var platform = Api.Platform();
        for (var attempt = 0; ; attempt++)
        {
            using var ready = await platform.GetAsync(new Uri("/readyz", UriKind.Relative));
            if (ready.IsSuccessStatusCode)
            {
                return;
            }

            Assert.True(attempt < 100, "The API on the fault cluster never became ready.");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGSTOP to the postmaster and every backend: the server keeps its sockets but answers nothing.</summary>
    public void Freeze() => Signal("STOP");

    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        var pidFile = Path.Combine(Options.DataDirectory!, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        var postmaster = File.ReadLines(pidFile).First().Trim();
        var pids = new List<string> { postmaster };
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after the last ')'.
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == postmaster)
                {
                    pids.Add(text[..text.IndexOf(' ', StringComparison.Ordinal)]);
                }
            }
            catch (IOException)
            {
                // the process ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                // not ours to read
            }
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, .. pids]) { RedirectStandardError = true })!;
        kill.WaitForExit();
    }
}

/// <summary>The API on the fault cluster, with rate limits out of the way (the tests send bursts while it is down).</summary>
public sealed class FaultApiFactory(LocalPostgresConnectionStrings cluster) : ApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Alliances"] = cluster.App,
        ["ConnectionStrings:AlliancesOwner"] = cluster.Owner,
        ["Alliances:RateLimits:Key:PermitLimit"] = "1000000",
        ["Alliances:RateLimits:Anonymous:PermitLimit"] = "1000000",
        ["Alliances:RateLimits:Alliance:PermitLimit"] = "1000000",
    };
}
