using System.Security.Cryptography;
using System.Text;

namespace Alliances.LocalPostgres;

/// <summary>Decides where the cluster's data directory lives.</summary>
/// <param name="switchesToPostgres">Whether the server will run as the postgres user (we are root).</param>
/// <param name="postgresCanTraverse">Whether the postgres user can pass through one directory; injectable for tests.</param>
/// <param name="searchStarts">Directories to walk up from, in order, looking for the repository root.</param>
/// <param name="currentDirectory">Used when no repository root is found.</param>
internal sealed class DataDirectoryLocator(
    bool switchesToPostgres,
    Func<string, bool> postgresCanTraverse,
    IReadOnlyList<string> searchStarts,
    string currentDirectory)
{
    public const string RepositoryMarker = "Alliances.sln";

    public static DataDirectoryLocator ForCurrentProcess(ServerAccount account) =>
        new(account.SwitchesToPostgres, ServerAccount.OthersCanTraverse,
            [AppContext.BaseDirectory, Directory.GetCurrentDirectory()], Directory.GetCurrentDirectory());

    public string Resolve(string? configuredDataDirectory, int port)
    {
        if (configuredDataDirectory is not null)
        {
            var configured = Normalise(configuredDataDirectory);
            var blocked = FirstUntraversableAncestor(configured);
            return blocked is null
                ? configured
                : throw LocalPostgresException.Because(
                    $"The PostgreSQL data directory {configured} cannot be used: the server runs as the '{ServerAccount.PostgresUser}' "
                    + $"user (we are root) and that user cannot enter {blocked}.",
                    $"`chmod o+x {blocked}`, or set LocalPostgres:DataDirectory to a path every user can reach (e.g. under /tmp), "
                    + "or leave it unset to use the default location.");
        }

        var baseDirectory = FindRepositoryRoot(searchStarts) ?? Normalise(currentDirectory);
        var preferred = Path.Combine(baseDirectory, ".data", "postgres");

        // As root the server runs as postgres, which cannot reach a repo under e.g. /root (mode 0700); rather than
        // changing permissions on someone's home directory, keep the cluster in /tmp, stable per repo and port.
        return FirstUntraversableAncestor(preferred) is null ? preferred : RootFallback(baseDirectory, port);
    }

    /// <summary>The first directory above <paramref name="searchStarts"/> (each tried in turn) that holds Alliances.sln.</summary>
    public static string? FindRepositoryRoot(IEnumerable<string> searchStarts)
    {
        foreach (var start in searchStarts)
        {
            for (var directory = new DirectoryInfo(Normalise(start)); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, RepositoryMarker)))
                    return Normalise(directory.FullName);
            }
        }

        return null;
    }

    /// <summary>
    /// <c>/tmp/alliances-postgres-&lt;8 hex chars of SHA-256(repo path)&gt;-&lt;port&gt;/data</c>: two checkouts get two clusters,
    /// and deploy/local/lib.sh computes the same name with <c>sha256sum</c>.
    /// </summary>
    public static string RootFallback(string repositoryRoot, int port)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalise(repositoryRoot))))[..8];
        return $"/tmp/alliances-postgres-{hash}-{port}/data";
    }

    private string? FirstUntraversableAncestor(string dataDirectory)
    {
        if (!switchesToPostgres)
            return null;
        for (var directory = Path.GetDirectoryName(dataDirectory); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (!postgresCanTraverse(directory))
                return directory;
        }

        return null;
    }

    private static string Normalise(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
