using Npgsql;

namespace Alliances.LocalPostgres;

/// <summary>Starts or reuses a private PostgreSQL cluster for development and tests, and hands out connection strings.</summary>
public static class LocalPostgresCluster
{
    private static readonly string[] SystemDatabases = ["postgres", "template0", "template1"];

    /// <summary>
    /// Ensures the cluster is initialised, running and bootstrapped (roles + database). Idempotent and safe to call
    /// concurrently from several processes. The server keeps running after this process exits, so the next run is fast.
    /// </summary>
    public static async Task<LocalPostgresConnectionStrings> EnsureStartedAsync(
        LocalPostgresOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var (binaries, account, layout) = Locate(options);
        CreateParentDirectory(account, layout);

        using var clusterLock = await ClusterLock.AcquireAsync(layout.LockFile, options.StartTimeout, cancellationToken);
        var pgCtl = new PgCtl(binaries, account, layout);
        if (await pgCtl.IsRunningAsync(cancellationToken))
        {
            // Reuse, never restart: another `dotnet run` or the API may be connected to it right now.
            ThrowIfRunningOnAnotherPort(pgCtl, layout);
        }
        else
        {
            if (await PortProbe.IsInUseAsync(layout.Port, cancellationToken))
            {
                throw LocalPostgresException.Because(
                    $"Cannot start the local PostgreSQL cluster: port {layout.Port} is in use by another process "
                    + $"(and the cluster in {layout.DataDirectory} is not running).",
                    $"stop whatever listens on port {layout.Port} (`ss -ltnp | grep {layout.Port}` shows it), or choose another port "
                    + "with LocalPostgres:Port or the ALLIANCES_PG_PORT environment variable.");
            }

            if (!layout.IsInitialised)
                await new ClusterInitializer(binaries, account, layout).InitialiseAsync(cancellationToken);
            await PrepareForStartAsync(account, layout, cancellationToken);
            await pgCtl.StartAsync(options.StartTimeout, cancellationToken);
        }

        var connectionStrings = ConnectionStringsFor(layout, options.DatabaseName);
        try
        {
            await ClusterBootstrapper.ForCluster(connectionStrings.Superuser).BootstrapAsync(options.DatabaseName, cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            throw LocalPostgresException.Because(
                $"The local PostgreSQL cluster in {layout.DataDirectory} is running, but creating its roles and database failed: "
                + exception.Message,
                $"check {layout.LogFile}; if the cluster holds nothing you need, stop it (deploy/local/stop.sh) and delete "
                + $"{layout.DataDirectory} to start from scratch.",
                exception);
        }

        return connectionStrings;
    }

    /// <summary>Creates (if missing) another database on the running cluster, set up like the main one; e.g. one per test run.</summary>
    public static async Task<LocalPostgresConnectionStrings> EnsureDatabaseAsync(
        LocalPostgresConnectionStrings cluster, string databaseName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ClusterBootstrapper.QuoteIdentifier(databaseName);
        await ClusterBootstrapper.ForCluster(cluster.Superuser).EnsureDatabaseAsync(databaseName, cancellationToken);
        return new LocalPostgresConnectionStrings(
            WithDatabase(cluster.Owner, databaseName),
            WithDatabase(cluster.App, databaseName),
            WithDatabase(cluster.Superuser, databaseName));
    }

    /// <summary>
    /// Drops a database made by <see cref="EnsureDatabaseAsync"/>, disconnecting its sessions (WITH (FORCE)).
    /// Best effort for test clean-up: an unreachable server is ignored.
    /// </summary>
    public static async Task DropDatabaseAsync(
        LocalPostgresConnectionStrings cluster, string databaseName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ClusterBootstrapper.QuoteIdentifier(databaseName);
        if (SystemDatabases.Contains(databaseName, StringComparer.Ordinal))
            throw new ArgumentException($"Refusing to drop the system database '{databaseName}'.", nameof(databaseName));
        try
        {
            await ClusterBootstrapper.ForCluster(cluster.Superuser).DropDatabaseAsync(databaseName, cancellationToken);
        }
        catch (NpgsqlException)
        {
            // Clean-up must not hide the real test failure; a stopped cluster has nothing left to clean anyway.
        }
    }

    /// <summary>Stops the cluster if it is running (pg_ctl stop -m fast); a missing or stopped cluster is fine.</summary>
    public static async Task StopAsync(LocalPostgresOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var (binaries, account, layout) = Locate(options);
        if (!layout.IsInitialised)
            return;

        using var clusterLock = await ClusterLock.AcquireAsync(layout.LockFile, options.StartTimeout, cancellationToken);
        var pgCtl = new PgCtl(binaries, account, layout);
        if (await pgCtl.IsRunningAsync(cancellationToken))
            await pgCtl.StopAsync(options.StartTimeout, cancellationToken);
    }

    private static void Validate(LocalPostgresOptions options)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                "The local PostgreSQL cluster needs Linux or macOS; on Windows set ConnectionStrings:Alliances to an existing server.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.StartTimeout, TimeSpan.Zero, nameof(options));
        ClusterBootstrapper.QuoteIdentifier(options.DatabaseName);
    }

    private static (PostgresBinaries Binaries, ServerAccount Account, ClusterLayout Layout) Locate(LocalPostgresOptions options)
    {
        var binaries = PostgresBinaries.Find(options.BinDirectory);
        var account = ServerAccount.Current;
        var dataDirectory = DataDirectoryLocator.ForCurrentProcess(account).Resolve(options.DataDirectory, options.Port);
        return (binaries, account, new ClusterLayout(dataDirectory, options.Port));
    }

    private static void ThrowIfRunningOnAnotherPort(PgCtl pgCtl, ClusterLayout layout)
    {
        var runningPort = pgCtl.RunningPort();
        if (runningPort is not null && runningPort != layout.Port)
        {
            throw LocalPostgresException.Because(
                $"The local PostgreSQL cluster in {layout.DataDirectory} is already running on port {runningPort}, "
                + $"not on the requested port {layout.Port}.",
                $"use port {runningPort}, or stop the cluster (deploy/local/stop.sh) so it restarts on port {layout.Port}.");
        }
    }

    private static void CreateParentDirectory(ServerAccount account, ClusterLayout layout)
    {
        try
        {
            var missing = new List<string>();
            for (var directory = layout.ParentDirectory; !Directory.Exists(directory); directory = Path.GetDirectoryName(directory)!)
                missing.Add(directory);
            Directory.CreateDirectory(layout.ParentDirectory);
            // The locator counted these as traversable; make that true even under a strict umask such as 077.
            if (account.SwitchesToPostgres)
                missing.ForEach(ServerAccount.MakeTraversable);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(layout.DataDirectory, exception);
        }
    }

    /// <summary>Socket directory and log file exist and, like the data directory, belong to the server account.</summary>
    private static async Task PrepareForStartAsync(ServerAccount account, ClusterLayout layout, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(layout.SocketDirectory);
            if (!File.Exists(layout.LogFile))
                await File.WriteAllTextAsync(layout.LogFile, "", cancellationToken);
            // Re-applied on every start: cheap, and repairs a cluster first created by another user or a root run.
            await account.GiveToServerAsync([layout.DataDirectory, layout.SocketDirectory, layout.LogFile], cancellationToken);
            ServerAccount.MakePrivate(layout.DataDirectory);
            ServerAccount.MakePrivate(layout.SocketDirectory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw LocalPostgresException.Because(
                $"Cannot prepare {layout.DataDirectory}, {layout.SocketDirectory} or {layout.LogFile} for the server: {exception.Message}",
                $"fix their permissions (or remove {layout.SocketDirectory} if another user created it), "
                + "or set LocalPostgres:DataDirectory / LocalPostgres:Port to use other paths.",
                exception);
        }
    }

    private static LocalPostgresException NotWritable(string dataDirectory, Exception exception) =>
        LocalPostgresException.Because(
            $"The PostgreSQL data directory {dataDirectory} is not writable: {exception.Message}",
            $"fix the permissions of {dataDirectory} and its parent, or set LocalPostgres:DataDirectory "
            + "(LocalPostgresOptions.DataDirectory) to a writable location.",
            exception);

    private static LocalPostgresConnectionStrings ConnectionStringsFor(ClusterLayout layout, string databaseName) =>
        new(
            Tcp(layout.Port, databaseName, DevelopmentRoles.Owner, DevelopmentRoles.OwnerPassword),
            Tcp(layout.Port, databaseName, DevelopmentRoles.App, DevelopmentRoles.AppPassword),
            new NpgsqlConnectionStringBuilder
            {
                Host = layout.SocketDirectory,
                Port = layout.Port,
                Database = databaseName,
                Username = DevelopmentRoles.Superuser,
            }.ConnectionString);

    private static string Tcp(int port, string databaseName, string username, string password) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Database = databaseName,
            Username = username,
            Password = password,
        }.ConnectionString;

    private static string WithDatabase(string connectionString, string databaseName) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = databaseName }.ConnectionString;
}
