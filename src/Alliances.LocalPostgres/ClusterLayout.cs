namespace Alliances.LocalPostgres;

/// <summary>Every path belonging to one cluster. Siblings of the data directory share its name so they are easy to find.</summary>
internal sealed record ClusterLayout(string DataDirectory, int Port)
{
    /// <summary>Held while initialising, starting and bootstrapping; beside the data directory so it can exist before initdb.</summary>
    public string LockFile => DataDirectory + ".lock";

    public string LogFile => DataDirectory + ".log";

    /// <summary>initdb writes here and the result is renamed into place: an interrupted initdb never leaves half a cluster.</summary>
    public string StagingDirectory => DataDirectory + ".initdb";

    /// <summary>
    /// Short and fixed: socket paths are limited to about 107 bytes, and a repo checked out deep in a home directory would
    /// exceed that. The port in the name keeps clusters on different ports apart.
    /// </summary>
    public string SocketDirectory => $"/tmp/alliances-pg-{Port}";

    public string ParentDirectory => Path.GetDirectoryName(DataDirectory) ?? "/";

    public bool IsInitialised => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));
}
