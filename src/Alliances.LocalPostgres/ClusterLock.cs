namespace Alliances.LocalPostgres;

/// <summary>
/// Cross-process exclusive lock on a file. On Unix .NET maps FileShare.None to flock(2), which is per open file, so it also
/// separates tasks in one process, is released if the holder dies, and is the same lock deploy/local/start.sh takes with flock(1).
/// </summary>
internal sealed class ClusterLock : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _stream;

    private ClusterLock(FileStream stream) => _stream = stream;

    public static async Task<ClusterLock> AcquireAsync(string lockFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new ClusterLock(new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (UnauthorizedAccessException exception)
            {
                throw NotWritable(lockFile, exception);
            }
            catch (IOException exception) when (!File.Exists(lockFile))
            {
                // Could not even create it: not contention but a directory we cannot write to.
                throw NotWritable(lockFile, exception);
            }
            catch (IOException exception) when (DateTime.UtcNow >= deadline)
            {
                throw LocalPostgresException.Because(
                    $"Another process has held the local PostgreSQL lock {lockFile} for longer than {timeout.TotalSeconds:0} s "
                    + $"({exception.Message}).",
                    "wait for the other `dotnet run`/`dotnet test`/start.sh to finish starting the cluster, or stop it; "
                    + "or raise LocalPostgresOptions.StartTimeout.",
                    exception);
            }
            catch (IOException)
            {
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    public void Dispose() => _stream.Dispose();

    private static LocalPostgresException NotWritable(string lockFile, Exception exception) =>
        LocalPostgresException.Because(
            $"Cannot write the local PostgreSQL lock file {lockFile}: {exception.Message}",
            $"fix the permissions of {Path.GetDirectoryName(lockFile)}, or set LocalPostgres:DataDirectory to a writable location.",
            exception);
}
