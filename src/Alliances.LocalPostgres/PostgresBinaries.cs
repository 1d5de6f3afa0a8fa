using System.Globalization;

namespace Alliances.LocalPostgres;

/// <summary>Locates the PostgreSQL server tools (pg_ctl and initdb, which must come from the same installation).</summary>
internal sealed record PostgresBinaries(string BinDirectory)
{
    /// <summary>Debian/Ubuntu, then Homebrew on Apple silicon and Intel (postgresql@N is keg-only, so it is often not on PATH).</summary>
    public static readonly IReadOnlyList<string> DefaultSearchRoots = ["/usr/lib/postgresql", "/opt/homebrew/opt", "/usr/local/opt"];

    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    public string InitDb => Path.Combine(BinDirectory, "initdb");

    public static PostgresBinaries Find(string? binDirectory) =>
        Find(binDirectory, Environment.GetEnvironmentVariable("PATH"), DefaultSearchRoots);

    /// <summary>
    /// An explicit directory wins; then the first PATH entry with both tools; then the highest version under the search roots,
    /// whose children are named <c>15</c> (Debian) or <c>postgresql@15</c> (Homebrew) and contain <c>bin/</c>.
    /// </summary>
    public static PostgresBinaries Find(string? binDirectory, string? pathVariable, IReadOnlyList<string> searchRoots)
    {
        if (binDirectory is not null)
        {
            var explicitDirectory = Path.GetFullPath(binDirectory);
            return HasServerTools(explicitDirectory)
                ? new PostgresBinaries(explicitDirectory)
                : throw NotFound($"the configured BinDirectory {explicitDirectory}");
        }

        var pathEntries = (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var entry in pathEntries)
        {
            if (Path.IsPathRooted(entry) && HasServerTools(entry))
                return new PostgresBinaries(entry);
        }

        var newest = searchRoots
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(directory => (Version: ParseVersion(Path.GetFileName(directory)), Bin: Path.Combine(directory, "bin")))
            .Where(candidate => candidate.Version is not null && HasServerTools(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .FirstOrDefault();
        if (newest.Bin is not null)
            return new PostgresBinaries(newest.Bin);

        var searched = string.Join(", ", searchRoots.Select(root => $"{root}/*/bin"));
        throw NotFound($"PATH ({string.Join(Path.PathSeparator, pathEntries)}) and {searched}");
    }

    private static bool HasServerTools(string directory) =>
        IsExecutableFile(Path.Combine(directory, "pg_ctl")) && IsExecutableFile(Path.Combine(directory, "initdb"));

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
            return false;
        if (OperatingSystem.IsWindows())
            return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }

    /// <summary>"15", "9.6" or "postgresql@15" to a comparable number; anything else (e.g. Debian's "common") is not a version.</summary>
    private static decimal? ParseVersion(string? directoryName)
    {
        const string homebrewPrefix = "postgresql@";
        var text = directoryName ?? "";
        if (text.StartsWith(homebrewPrefix, StringComparison.Ordinal))
            text = text[homebrewPrefix.Length..];
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var version) ? version : null;
    }

    private static LocalPostgresException NotFound(string whereLooked) =>
        LocalPostgresException.Because(
            $"PostgreSQL server binaries (pg_ctl and initdb) were not found. Looked in: {whereLooked}.",
            "install PostgreSQL: `sudo apt-get install postgresql` (Debian/Ubuntu) or `brew install postgresql@15` (macOS); "
            + "or set LocalPostgres:BinDirectory to the directory containing pg_ctl; "
            + "or set ConnectionStrings:Alliances to use an existing server instead of a local cluster.");
}
