using System.ComponentModel;
using System.Diagnostics;

namespace Alliances.LocalPostgres;

/// <summary>Runs a command to completion and captures its output.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // When we switch to the postgres user it usually cannot enter our working directory (e.g. /root), and
            // initdb/pg_ctl complain about that; every path we pass is absolute, so "/" is a safe place to run from.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw LocalPostgresException.Because(
                $"Could not run {fileName}: {exception.Message}",
                $"make sure {fileName} is installed and executable.",
                exception);
        }

        // Read both streams while waiting; a full pipe would otherwise block the child forever.
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, await standardOutput + await standardError);
    }
}
