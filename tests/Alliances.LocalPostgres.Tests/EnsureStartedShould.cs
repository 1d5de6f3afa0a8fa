using System.Net;
using System.Net.Sockets;

namespace Alliances.LocalPostgres.Tests;

/// <summary>Failures of EnsureStartedAsync: each says what went wrong and how to fix it, and destroys nothing.</summary>
public sealed class EnsureStartedShould : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    [Fact]
    public async Task NameThePort_WhenAnotherProcessListensOnIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var options = new LocalPostgresOptions { Port = port, DataDirectory = _temp.Combine("data") };

        var exception = await Assert.ThrowsAsync<LocalPostgresException>(() => LocalPostgresCluster.EnsureStartedAsync(options));

        Assert.Contains($"port {port} is in use by another process", exception.Message, StringComparison.Ordinal);
        Assert.Contains("LocalPostgres:Port", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ALLIANCES_PG_PORT", exception.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("data")), "nothing should be initialised for a cluster that cannot start");
    }

    [Fact]
    public async Task NameTheDataDirectory_WhenItCannotBeCreated()
    {
        // A regular file where a directory is needed defeats even root.
        var file = _temp.Combine("not-a-directory");
        await File.WriteAllTextAsync(file, "");
        var dataDirectory = Path.Combine(file, "data");
        var options = new LocalPostgresOptions { Port = FreePort(), DataDirectory = dataDirectory };

        var exception = await Assert.ThrowsAsync<LocalPostgresException>(() => LocalPostgresCluster.EnsureStartedAsync(options));

        Assert.Contains($"{dataDirectory} is not writable", exception.Message, StringComparison.Ordinal);
        Assert.Contains("LocalPostgres:DataDirectory", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefuseToWipeANonEmptyDirectoryThatIsNotACluster()
    {
        var dataDirectory = _temp.Combine("data");
        Directory.CreateDirectory(dataDirectory);
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "notes.txt"), "precious");
        var options = new LocalPostgresOptions { Port = FreePort(), DataDirectory = dataDirectory };

        var exception = await Assert.ThrowsAsync<LocalPostgresException>(() => LocalPostgresCluster.EnsureStartedAsync(options));

        Assert.Contains($"{dataDirectory} is not empty but is not a PostgreSQL cluster", exception.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dataDirectory, "notes.txt")));
    }

    [Fact]
    public async Task RejectAnInvalidDatabaseName_BeforeTouchingAnything()
    {
        var options = new LocalPostgresOptions { Port = FreePort(), DataDirectory = _temp.Combine("data"), DatabaseName = new string('x', 64) };

        await Assert.ThrowsAsync<ArgumentException>(() => LocalPostgresCluster.EnsureStartedAsync(options));

        Assert.False(Directory.Exists(_temp.Combine("data")));
    }

    [Fact]
    public async Task QuoteTheServerLog_WhenTheServerFailsToStart()
    {
        var options = new LocalPostgresOptions { Port = FreePort(), DataDirectory = _temp.Combine("data") };
        LocalPostgresException exception;
        try
        {
            await LocalPostgresCluster.EnsureStartedAsync(options);
            await LocalPostgresCluster.StopAsync(options);
            await File.AppendAllTextAsync(_temp.Combine("data", "postgresql.conf"), "no_such_setting = 1\n");

            exception = await Assert.ThrowsAsync<LocalPostgresException>(() => LocalPostgresCluster.EnsureStartedAsync(options));
        }
        finally
        {
            await LocalPostgresCluster.StopAsync(options);
            if (Directory.Exists($"/tmp/alliances-pg-{options.Port}"))
                Directory.Delete($"/tmp/alliances-pg-{options.Port}", recursive: true);
        }

        Assert.Contains("PostgreSQL did not start", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"Last lines of {_temp.Combine("data.log")}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_setting", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", exception.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
