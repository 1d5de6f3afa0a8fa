namespace Alliances.LocalPostgres.Tests;

public sealed class PostgresBinariesShould : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    [Fact]
    public void PreferPathOverLibDirectory()
    {
        var onPath = _temp.CreateTools("path-bin", "pg_ctl", "initdb");
        _temp.CreateTools("lib/16/bin", "pg_ctl", "initdb");

        var binaries = PostgresBinaries.Find(null, $"{_temp.Combine("empty")}:{onPath}", [_temp.Combine("lib")]);

        Assert.Equal(onPath, binaries.BinDirectory);
        Assert.Equal(Path.Combine(onPath, "pg_ctl"), binaries.PgCtl);
        Assert.Equal(Path.Combine(onPath, "initdb"), binaries.InitDb);
    }

    [Fact]
    public void SkipAPathEntryWithoutInitdbBesidePgCtl()
    {
        var clientOnly = _temp.CreateTools("client-bin", "pg_ctl", "psql");
        var server = _temp.CreateTools("lib/15/bin", "pg_ctl", "initdb");

        var binaries = PostgresBinaries.Find(null, clientOnly, [_temp.Combine("lib")]);

        Assert.Equal(server, binaries.BinDirectory);
    }

    [Fact]
    public void SkipToolsThatAreNotExecutable()
    {
        var notExecutable = _temp.Combine("plain");
        Directory.CreateDirectory(notExecutable);
        File.WriteAllText(Path.Combine(notExecutable, "pg_ctl"), "");
        File.WriteAllText(Path.Combine(notExecutable, "initdb"), "");
        var server = _temp.CreateTools("lib/15/bin", "pg_ctl", "initdb");

        var binaries = PostgresBinaries.Find(null, notExecutable, [_temp.Combine("lib")]);

        Assert.Equal(server, binaries.BinDirectory);
    }

    [Fact]
    public void PickTheHighestNumericVersion_WhenPathHasNone()
    {
        _temp.CreateTools("lib/9.6/bin", "pg_ctl", "initdb");
        _temp.CreateTools("lib/10/bin", "pg_ctl", "initdb");
        var newestComplete = _temp.CreateTools("lib/15/bin", "pg_ctl", "initdb");
        _temp.CreateTools("lib/17/bin", "pg_ctl"); // incomplete: no initdb
        _temp.CreateTools("lib/common/bin", "pg_ctl", "initdb"); // Debian's non-version directory

        var binaries = PostgresBinaries.Find(null, "", [_temp.Combine("lib")]);

        Assert.Equal(newestComplete, binaries.BinDirectory);
    }

    [Fact]
    public void RecogniseHomebrewKegs()
    {
        _temp.CreateTools("opt/postgresql@14/bin", "pg_ctl", "initdb");
        var newest = _temp.CreateTools("opt/postgresql@16/bin", "pg_ctl", "initdb");

        var binaries = PostgresBinaries.Find(null, null, [_temp.Combine("missing-root"), _temp.Combine("opt")]);

        Assert.Equal(newest, binaries.BinDirectory);
    }

    [Fact]
    public void UseTheConfiguredBinDirectory_OverEverythingElse()
    {
        var configured = _temp.CreateTools("configured", "pg_ctl", "initdb");
        var onPath = _temp.CreateTools("path-bin", "pg_ctl", "initdb");

        var binaries = PostgresBinaries.Find(configured, onPath, []);

        Assert.Equal(configured, binaries.BinDirectory);
    }

    [Fact]
    public void NameTheConfiguredBinDirectory_WhenItLacksTheTools()
    {
        var configured = _temp.CreateTools("configured", "psql");
        var onPath = _temp.CreateTools("path-bin", "pg_ctl", "initdb");

        var exception = Assert.Throws<LocalPostgresException>(() => PostgresBinaries.Find(configured, onPath, []));

        Assert.Contains(configured, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SayWhereItLookedAndHowToInstall_WhenNothingIsFound()
    {
        var emptyPathEntry = _temp.CreateTools("path-bin", "psql");
        var root = _temp.Combine("lib");
        Directory.CreateDirectory(root);

        var exception = Assert.Throws<LocalPostgresException>(() => PostgresBinaries.Find(null, emptyPathEntry, [root]));

        Assert.Contains("PostgreSQL server binaries", exception.Message, StringComparison.Ordinal);
        Assert.Contains(emptyPathEntry, exception.Message, StringComparison.Ordinal);
        Assert.Contains(root, exception.Message, StringComparison.Ordinal);
        Assert.Contains("sudo apt-get install postgresql", exception.Message, StringComparison.Ordinal);
        Assert.Contains("brew install postgresql@15", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Alliances", exception.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
