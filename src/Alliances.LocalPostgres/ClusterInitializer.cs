namespace Alliances.LocalPostgres;

/// <summary>Creates a new cluster with initdb and writes the settings this project relies on.</summary>
internal sealed class ClusterInitializer(PostgresBinaries binaries, ServerAccount account, ClusterLayout layout)
{
    /// <summary>C.UTF-8 first (UTF-8 without depending on installed locales); plain C where it is missing (older macOS).</summary>
    private static readonly string[] Locales = ["C.UTF-8", "C"];

    public async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        EnsureDataDirectoryIsEmptyOrMissing();

        var failures = new List<string>();
        foreach (var locale in Locales)
        {
            // A staging directory left by an interrupted run is wiped here, so initdb always starts clean.
            RecreateStagingDirectory();
            await account.GiveToServerAsync([layout.StagingDirectory], cancellationToken);
            var result = await account.RunAsync(
                binaries.InitDb,
                ["-D", layout.StagingDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                    "-E", "UTF8", $"--locale={locale}"],
                cancellationToken);
            if (result.ExitCode == 0)
            {
                WriteConfiguration();
                MoveIntoPlace();
                return;
            }

            failures.Add($"initdb --locale={locale}: {result.Output.Trim()}");
        }

        DeleteStagingDirectory();
        throw LocalPostgresException.Because(
            $"initdb could not create a cluster in {layout.DataDirectory}.{Environment.NewLine}"
            + string.Join(Environment.NewLine, failures),
            $"fix the cause shown above (often permissions on {layout.ParentDirectory}), "
            + "or set LocalPostgres:DataDirectory to a writable location.");
    }

    private void EnsureDataDirectoryIsEmptyOrMissing()
    {
        if (Directory.Exists(layout.DataDirectory) && Directory.EnumerateFileSystemEntries(layout.DataDirectory).Any())
        {
            // Not ours (ours are created complete, by rename): refuse rather than wipe what may be someone's files.
            throw LocalPostgresException.Because(
                $"{layout.DataDirectory} is not empty but is not a PostgreSQL cluster (it has no PG_VERSION).",
                $"delete or empty {layout.DataDirectory} if it holds nothing you need, or set LocalPostgres:DataDirectory elsewhere.");
        }
    }

    private void RecreateStagingDirectory()
    {
        DeleteStagingDirectory();
        Directory.CreateDirectory(layout.StagingDirectory);
        ServerAccount.MakePrivate(layout.StagingDirectory);
    }

    private void DeleteStagingDirectory()
    {
        if (Directory.Exists(layout.StagingDirectory))
            Directory.Delete(layout.StagingDirectory, recursive: true);
    }

    private void WriteConfiguration()
    {
        // Appended settings override initdb's defaults earlier in the file.
        File.AppendAllLines(
            Path.Combine(layout.StagingDirectory, "postgresql.conf"),
            [
                "",
                "# Added by Alliances.LocalPostgres: a development cluster reachable only from this machine.",
                $"port = {layout.Port}",
                "listen_addresses = '127.0.0.1'",
                $"unix_socket_directories = '{layout.SocketDirectory}'",
                // The API, its tests and tools each keep a pool; the default 100 runs out when they run side by side.
                "max_connections = 300",
            ]);

        // Overwriting (not replacing) the file keeps its owner, which matters when we are root and it belongs to postgres.
        File.WriteAllLines(
            Path.Combine(layout.StagingDirectory, "pg_hba.conf"),
            [
                "# Written by Alliances.LocalPostgres.",
                "# The socket directory is private (0700) to the server's OS user, so socket logins are trusted;",
                "# TCP is loopback-only and needs a password.",
                "# TYPE  DATABASE  USER  ADDRESS       METHOD",
                "local   all       all                 trust",
                "host    all       all   127.0.0.1/32  scram-sha-256",
                "host    all       all   ::1/128       scram-sha-256",
            ]);
    }

    private void MoveIntoPlace()
    {
        if (Directory.Exists(layout.DataDirectory))
            Directory.Delete(layout.DataDirectory); // empty, checked above; rename needs the name free
        Directory.Move(layout.StagingDirectory, layout.DataDirectory);
    }
}
