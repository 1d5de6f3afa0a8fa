namespace Alliances.LocalPostgres;

/// <summary>
/// The OS account the server runs under. PostgreSQL refuses to run as root, so a root process (containers, CI)
/// runs initdb and pg_ctl as the <c>postgres</c> user via runuser; everyone else runs them as themselves.
/// </summary>
internal sealed class ServerAccount(bool switchToPostgres)
{
    public const string PostgresUser = "postgres";

    private const UnixFileMode TraversableDirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static ServerAccount Current { get; } = new(!OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess);

    public bool SwitchesToPostgres => switchToPostgres;

    /// <summary>Runs a PostgreSQL tool as the server account.</summary>
    public Task<ProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        switchToPostgres
            ? ProcessRunner.RunAsync("runuser", ["-u", PostgresUser, "--", fileName, .. arguments], cancellationToken)
            : ProcessRunner.RunAsync(fileName, arguments, cancellationToken);

    /// <summary>Hands files we created as root to the postgres user; a no-op when not switching.</summary>
    public async Task GiveToServerAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (!switchToPostgres || paths.Count == 0)
            return;
        var result = await ProcessRunner.RunAsync("chown", ["-R", $"{PostgresUser}:{PostgresUser}", .. paths], cancellationToken);
        if (result.ExitCode != 0)
        {
            throw LocalPostgresException.Because(
                $"Could not give {string.Join(", ", paths)} to the {PostgresUser} user: {result.Output.Trim()}",
                $"check that the {PostgresUser} OS user exists (it comes with the PostgreSQL package) and the paths are on a writable "
                + "file system, or set LocalPostgres:DataDirectory to another location.");
        }
    }

    /// <summary>
    /// Whether the postgres user can pass through <paramref name="directory"/>. The owner is not visible without P/Invoking
    /// stat, so only the "others" execute bit counts; a false negative merely moves the cluster to the /tmp fallback.
    /// A directory that does not exist yet will be created by us with mode 0755, so it counts as traversable.
    /// </summary>
    public static bool OthersCanTraverse(string directory)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory))
            return true;
        // "Others may search" is the bit the postgres user relies on in a directory it does not own.
        return (File.GetUnixFileMode(directory) & UnixFileMode.OtherExecute) != 0;
    }

    /// <summary>0755, for directories we create above the data directory, so the postgres user can pass through them.</summary>
    public static void MakeTraversable(string directory)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(directory, TraversableDirectoryMode);
    }

    /// <summary>Makes a directory private to whoever owns it (PostgreSQL insists on 0700 for its data directory).</summary>
    public static void MakePrivate(string directory)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
