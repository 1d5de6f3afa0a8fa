using System.Globalization;

namespace Alliances.LocalPostgres.Tests;

/// <summary>deploy/local/*.sh re-implement the resolution rules in bash; these keep both on the same cluster.</summary>
public sealed class DeployLocalScriptsShould
{
    private static readonly string RepositoryRoot =
        DataDirectoryLocator.FindRepositoryRoot([AppContext.BaseDirectory])
        ?? throw new InvalidOperationException("Alliances.sln not found above the test binaries");

    private static readonly string Library = Path.Combine(RepositoryRoot, "deploy", "local", "lib.sh");

    [Fact]
    public async Task ComputeTheSameRootFallbackAsTheLibrary()
    {
        Assert.Equal(DataDirectoryLocator.RootFallback(RepositoryRoot, 5433), await LibraryFunctionAsync("root_fallback_data_dir"));
    }

    [Fact]
    public async Task ResolveTheSameDefaultDataDirectoryAsTheLibrary()
    {
        var expected = DataDirectoryLocator.ForCurrentProcess(ServerAccount.Current).Resolve(null, 5433);

        Assert.Equal(expected, await LibraryFunctionAsync("pg_data_dir"));
    }

    [Fact]
    public async Task FindTheSameBinariesAsTheLibrary()
    {
        Assert.Equal(PostgresBinaries.Find(null).BinDirectory, await LibraryFunctionAsync("pg_bin_dir"));
    }

    [Fact]
    public async Task TakeTheSameAdvisoryLockAsTheLibrary()
    {
        Assert.Equal(
            ClusterBootstrapper.CatalogLockKey.ToString(CultureInfo.InvariantCulture),
            await LibraryFunctionAsync("printf '%s' \"$catalog_lock_key\""));
    }

    private static async Task<string> LibraryFunctionAsync(string function)
    {
        var script = $"export ALLIANCES_PG_PORT=5433; unset ALLIANCES_PG_DATA ALLIANCES_PG_BIN; . \"$0\"; {function}";
        var result = await ProcessRunner.RunAsync("bash", ["-c", script, Library], CancellationToken.None);
        Assert.Equal(0, result.ExitCode);
        return result.Output.Trim();
    }
}
