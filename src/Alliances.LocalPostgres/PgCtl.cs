using System.Globalization;

namespace Alliances.LocalPostgres;

/// <summary>pg_ctl for one cluster: status, start, stop, run as the server account.</summary>
internal sealed class PgCtl(PostgresBinaries binaries, ServerAccount account, ClusterLayout layout)
{
    private const int LogLinesInErrors = 20;

    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        if (!layout.IsInitialised)
            return false;
        // Exit code 0 = running, 3 = not running, 4 = no usable data directory; only 0 means there is a server to reuse.
        var result = await account.RunAsync(binaries.PgCtl, ["status", "-D", layout.DataDirectory], cancellationToken);
        return result.ExitCode == 0;
    }

    /// <summary>The port the running postmaster listens on: line 4 of postmaster.pid.</summary>
    public int? RunningPort()
    {
        var pidFile = Path.Combine(layout.DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
            return null;
        var lines = File.ReadAllLines(pidFile);
        return lines.Length >= 4 && int.TryParse(lines[3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : null;
    }

    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        // Port and socket directory also go on the command line: they follow the options even if postgresql.conf was
        // written for another port when the cluster was initialised.
        var serverOptions = $"-p {layout.Port} -k {layout.SocketDirectory}";
        var result = await account.RunAsync(
            binaries.PgCtl,
            ["start", "-D", layout.DataDirectory, "-l", layout.LogFile, "-w", "-t", seconds, "-o", serverOptions],
            cancellationToken);
        if (result.ExitCode != 0)
        {
            throw LocalPostgresException.Because(
                $"PostgreSQL did not start (data directory {layout.DataDirectory}, port {layout.Port}).{Environment.NewLine}"
                + $"pg_ctl: {result.Output.Trim()}{Environment.NewLine}Last lines of {layout.LogFile}:{Environment.NewLine}{LogTail()}",
                $"read the log above; a common cause is a stale or foreign server: stop it with deploy/local/stop.sh. "
                + $"If the data directory is damaged and holds nothing you need, delete {layout.DataDirectory} to re-create it.");
        }
    }

    public async Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var result = await account.RunAsync(
            binaries.PgCtl, ["stop", "-D", layout.DataDirectory, "-m", "fast", "-w", "-t", seconds], cancellationToken);
        if (result.ExitCode != 0 && await IsRunningAsync(cancellationToken))
        {
            throw LocalPostgresException.Because(
                $"PostgreSQL in {layout.DataDirectory} did not stop: {result.Output.Trim()}",
                $"run `pg_ctl stop -D {layout.DataDirectory} -m immediate` as the user that owns it (deploy/local/stop.sh does that).");
        }
    }

    private string LogTail()
    {
        try
        {
            var lines = File.ReadAllLines(layout.LogFile);
            return string.Join(Environment.NewLine, lines.TakeLast(LogLinesInErrors));
        }
        catch (IOException exception)
        {
            return $"(could not read the log: {exception.Message})";
        }
        catch (UnauthorizedAccessException exception)
        {
            return $"(could not read the log: {exception.Message})";
        }
    }
}
