using Alliances.Api.Data;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Cli;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Alliances.Api.Tests.Migrations;

/// <summary>The <c>alliances</c> CLI run in-process, with the test database's connection strings on its command line.</summary>
public sealed class MigrateCommandShould(ApiFactory api, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    private string Owner => api.Database.Owner;

    [Fact]
    public async Task Exit1_WhileAnAllianceIsBroken_AndExit0OnceItIsRepaired()
    {
        var alliances = new List<ClaimedAlliance>();
        for (var i = 0; i < 3; i++)
        {
            var alliance = await api.ClaimAsync();
            await TenantSchemas.RegressAsync(Owner, alliance);
            alliances.Add(alliance);
        }

        var broken = alliances[0];
        await TenantSchemas.BreakAsync(Owner, broken);

        var (failing, failingOutput) = await RunAsync(Migrate(alliances, "--parallel", "2"));

        Assert.Equal(1, failing);
        Assert.Contains($"FAILED   {broken.Subdomain}:", failingOutput, StringComparison.Ordinal);
        Assert.Contains("already exists", failingOutput, StringComparison.Ordinal);
        Assert.Contains("1 alliance(s) not migrated.", failingOutput, StringComparison.Ordinal);
        foreach (var healthy in alliances.Skip(1))
        {
            Assert.Contains($"migrated {healthy.Subdomain} from 0", failingOutput, StringComparison.Ordinal);
        }

        await TenantSchemas.RepairAsync(Owner, broken);
        var (passing, passingOutput) = await RunAsync(Migrate(alliances));

        Assert.Equal(0, passing);
        Assert.Contains($"migrated {broken.Subdomain} from 0", passingOutput, StringComparison.Ordinal);
        Assert.Contains("All 3 alliance(s) are at", passingOutput, StringComparison.Ordinal);
        var latest = api.Services.GetRequiredService<TenantSchemaScripts>().LatestVersion;
        foreach (var alliance in alliances)
        {
            Assert.Equal(latest, await TenantSchemas.RecordedVersionAsync(Owner, alliance));
        }
    }

    [Fact]
    public async Task Exit1_WhenAnOnlySubdomainDoesNotExist()
    {
        var missing = ApiFactory.NewSubdomain("missing");

        var (exit, text) = await RunAsync(["migrate", .. Connections(), "--only", missing]);

        Assert.Equal(1, exit);
        Assert.Contains($"NOT FOUND {missing}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit2_WhenTheDatabaseCannotBeReached()
    {
        // Port 1 on loopback refuses at once; nothing listens there.
        const string Nowhere = "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=2";

        var (exit, text) = await RunAsync(["migrate", "--connection", Nowhere, "--owner-connection", Nowhere]);

        Assert.Equal(2, exit);
        Assert.Contains("error:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectAParallelismOfZero()
    {
        var (exit, text) = await RunAsync(["migrate", .. Connections(), "--parallel", "0"]);

        Assert.NotEqual(0, exit);
        Assert.Contains("--parallel must be between 1 and 64", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAlliancesWithTheirVersionAndWhetherTheyAreCurrent()
    {
        var current = await api.ClaimAsync();
        var behind = await api.ClaimAsync();
        await TenantSchemas.RegressAsync(Owner, behind);

        var (exit, text) = await RunAsync(["list", .. Connections()]);

        Assert.Equal(0, exit);
        var currentRow = text.Split('\n').Single(line => line.Contains(current.Subdomain, StringComparison.Ordinal));
        var behindRow = text.Split('\n').Single(line => line.Contains(behind.Subdomain, StringComparison.Ordinal));
        Assert.Matches(@"\bactive\b.*\byes\b", currentRow);
        Assert.Matches(@"\bactive\b.*\b0\b.*\bno\b", behindRow);
    }

    private string[] Connections() => ["--connection", api.Database.App, "--owner-connection", Owner];

    private string[] Migrate(IEnumerable<ClaimedAlliance> alliances, params string[] extra) =>
        ["migrate", .. Connections(), .. alliances.SelectMany(a => new[] { "--only", a.Subdomain }), .. extra];

    private async Task<(int ExitCode, string Output)> RunAsync(string[] args)
    {
        var console = new CliConsole();
        var exit = await CliProgram.RunAsync(args, console.Console, CancellationToken.None);
        output.WriteLine(console.Output);
        return (exit, console.Output);
    }
}
