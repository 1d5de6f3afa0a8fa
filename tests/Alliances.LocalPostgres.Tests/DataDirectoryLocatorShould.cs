using System.Text.RegularExpressions;

namespace Alliances.LocalPostgres.Tests;

public sealed class DataDirectoryLocatorShould : IDisposable
{
    private readonly TemporaryDirectory _temp = new();
    private readonly string _repository;
    private readonly string _buildOutput;

    public DataDirectoryLocatorShould()
    {
        _repository = _temp.Combine("repo");
        _buildOutput = _temp.Combine("repo", "src", "Alliances.Api", "bin", "Debug", "net10.0");
        Directory.CreateDirectory(_buildOutput);
        File.WriteAllText(Path.Combine(_repository, "Alliances.sln"), "");
    }

    [Fact]
    public void FindTheRepositoryRootByItsSolutionFile()
    {
        Assert.Equal(_repository, DataDirectoryLocator.FindRepositoryRoot([_buildOutput]));
    }

    [Fact]
    public void TryTheCurrentDirectory_WhenTheBaseDirectoryIsOutsideTheRepository()
    {
        var outside = _temp.Combine("elsewhere");
        Directory.CreateDirectory(outside);

        Assert.Equal(_repository, DataDirectoryLocator.FindRepositoryRoot([outside, _buildOutput]));
    }

    [Fact]
    public void PutTheClusterUnderDotDataInTheRepository()
    {
        var locator = new DataDirectoryLocator(false, _ => true, [_buildOutput], "/unused");

        Assert.Equal(Path.Combine(_repository, ".data", "postgres"), locator.Resolve(null, 5433));
    }

    [Fact]
    public void UseTheCurrentDirectory_WhenThereIsNoRepository()
    {
        var outside = _temp.Combine("elsewhere");
        Directory.CreateDirectory(outside);
        var locator = new DataDirectoryLocator(false, _ => true, [outside], outside);

        Assert.Equal(Path.Combine(outside, ".data", "postgres"), locator.Resolve(null, 5433));
    }

    [Fact]
    public void IgnoreTraversal_WhenNotRoot()
    {
        var locator = new DataDirectoryLocator(false, _ => false, [_buildOutput], "/unused");

        Assert.Equal(Path.Combine(_repository, ".data", "postgres"), locator.Resolve(null, 5433));
    }

    [Fact]
    public void KeepTheRepositoryLocation_WhenRootAndPostgresCanReachIt()
    {
        var checkedDirectories = new List<string>();
        var locator = new DataDirectoryLocator(true, d => { checkedDirectories.Add(d); return true; }, [_buildOutput], "/unused");

        Assert.Equal(Path.Combine(_repository, ".data", "postgres"), locator.Resolve(null, 5433));
        Assert.Contains(_repository, checkedDirectories);
        Assert.Contains("/", checkedDirectories);
    }

    [Fact]
    public void FallBackToTmp_WhenRootAndAnAncestorLacksTheExecuteBit()
    {
        // As if the repo were checked out under /root (mode 0700).
        var locator = new DataDirectoryLocator(true, d => d != _temp.Path, [_buildOutput], "/unused");

        var dataDirectory = locator.Resolve(null, 5433);

        Assert.Matches(new Regex("^/tmp/alliances-postgres-[0-9a-f]{8}-5433/data$"), dataDirectory);
        Assert.Equal(dataDirectory, locator.Resolve(null, 5433));
    }

    [Fact]
    public void KeepFallbacksApart_PerRepositoryAndPort()
    {
        var fallback = DataDirectoryLocator.RootFallback("/root/src/alliances", 5433);

        Assert.Equal(fallback, DataDirectoryLocator.RootFallback("/root/src/alliances/", 5433));
        Assert.NotEqual(fallback, DataDirectoryLocator.RootFallback("/root/src/alliances-2", 5433));
        Assert.NotEqual(fallback, DataDirectoryLocator.RootFallback("/root/src/alliances", 5491));
    }

    [Fact]
    public void UseAConfiguredDirectoryAsGiven()
    {
        var configured = _temp.Combine("custom", "pg");
        var locator = new DataDirectoryLocator(true, _ => true, [_buildOutput], "/unused");

        Assert.Equal(configured, locator.Resolve(configured + "/", 5433));
    }

    [Fact]
    public void RefuseAConfiguredDirectoryPostgresCannotReach_InsteadOfMovingIt()
    {
        var configured = _temp.Combine("private", "pg");
        var blocked = _temp.Combine("private");
        var locator = new DataDirectoryLocator(true, d => d != blocked, [_buildOutput], "/unused");

        var exception = Assert.Throws<LocalPostgresException>(() => locator.Resolve(configured, 5433));

        Assert.Contains(configured, exception.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod o+x {blocked}", exception.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
