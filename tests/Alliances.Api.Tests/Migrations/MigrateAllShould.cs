using System.Diagnostics;
using Alliances.Api.Data;
using Alliances.Api.Data.TenantMigrations;
using Alliances.Api.Infrastructure.Database;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Database;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Alliances.Api.Tests.Migrations;

/// <summary>
/// <see cref="TenantMigrationRunner"/> against real schemas. Other test classes claim alliances in the same catalog at
/// the same time, so every run here is restricted to the alliances the test created.
/// </summary>
public sealed class MigrateAllShould(ApiFactory api, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    private string Owner => api.Database.Owner;

    private TenantSchemaScripts Scripts => api.Services.GetRequiredService<TenantSchemaScripts>();

    private TenantMigrationRunner Runner =>
        new(api.Services.GetRequiredService<OwnerDataSource>(), Scripts);

    [Fact]
    public async Task MigrateTheOthers_WhenOneSchemaIsBroken()
    {
        var alliances = await ClaimBehindAsync(4);
        var broken = alliances[1];
        await TenantSchemas.BreakAsync(Owner, broken);
        var healthy = alliances.Where(a => a != broken).ToList();

        var clock = Stopwatch.StartNew();
        var summary = await Runner.MigrateAllAsync(Only(alliances), null, CancellationToken.None);
        output.WriteLine($"Migrated {summary.Migrated} alliances from version 0 in {clock.Elapsed.TotalMilliseconds:F0} ms.");

        Assert.Equal((3, 0, 1, 4), (summary.Migrated, summary.AlreadyCurrent, summary.Failed, summary.Results.Count));
        Assert.False(summary.Succeeded);
        var failure = Assert.Single(summary.Problems);
        Assert.Equal((broken.Subdomain, TenantMigrationOutcome.Failed, "0"), (failure.Subdomain, failure.Outcome, failure.FromVersion));
        Assert.Contains("api_keys", failure.Error, StringComparison.Ordinal);
        Assert.Contains("already exists", failure.Error, StringComparison.Ordinal);
        foreach (var alliance in healthy)
        {
            await AssertCurrentAsync(alliance);
        }

        // The failed alliance rolled back whole: old version, no history table, the conflicting table untouched.
        Assert.Equal("0", await TenantSchemas.RecordedVersionAsync(Owner, broken));
        Assert.Equal(0, await TenantSchemas.HistoryCountAsync(Owner, broken, Scripts.LatestVersion));
        Assert.False(await TenantSchemas.ApiKeysUsableByTenantAsync(Owner, broken));

        await TenantSchemas.RepairAsync(Owner, broken);
        var rerun = await Runner.MigrateAllAsync(Only(alliances), null, CancellationToken.None);

        Assert.True(rerun.Succeeded);
        Assert.Equal((1, 3, 0), (rerun.Migrated, rerun.AlreadyCurrent, rerun.Failed));
        Assert.Equal(TenantMigrationOutcome.Migrated, rerun.Results.Single(r => r.Subdomain == broken.Subdomain).Outcome);
        Assert.All(rerun.Results.Where(r => r.Subdomain != broken.Subdomain), r => Assert.Equal(TenantMigrationOutcome.AlreadyCurrent, r.Outcome));
        await AssertCurrentAsync(broken);
    }

    [Fact]
    public async Task NeverApplyAMigrationTwice_WhenTwoRunnersRaceForTheSameAlliances()
    {
        var alliances = await ClaimBehindAsync(6);

        // Two "processes": separate pools, as two operators' CLIs would have.
        await using var first = new OwnerDataSource(DatabaseSetup.BuildDataSource(Owner, "migrate-race-1"));
        await using var second = new OwnerDataSource(DatabaseSetup.BuildDataSource(Owner, "migrate-race-2"));
        var options = Only(alliances) with { Parallelism = 3 };

        // Hold every alliance's lock until both runners are queued on it, so they really contend rather than one
        // finishing before the other has read the catalog.
        TenantMigrationSummary[] summaries;
        await using (var holder = new NpgsqlConnection(Owner))
        {
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync();
            foreach (var alliance in alliances)
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, $2)", holder)
                {
                    Parameters = { new() { Value = TenantMigrationRunner.AdvisoryLockNamespace }, new() { Value = TenantMigrationRunner.AdvisoryLockKey(alliance.Id) } },
                };
                await command.ExecuteNonQueryAsync();
            }

            var runs = new[]
            {
                new TenantMigrationRunner(first, Scripts).MigrateAllAsync(options, null, CancellationToken.None),
                new TenantMigrationRunner(second, Scripts).MigrateAllAsync(options, null, CancellationToken.None),
            };
            await WaitForAsync(() => WaitingForAdvisoryLocksAsync(alliances), waiting => waiting >= 2 * options.Parallelism);
            await hold.CommitAsync();
            summaries = await Task.WhenAll(runs);
        }

        Assert.All(summaries, s => Assert.True(s.Succeeded, string.Join("; ", s.Problems.Select(p => $"{p.Subdomain}: {p.Error}"))));
        foreach (var alliance in alliances)
        {
            var outcomes = summaries.Select(s => s.Results.Single(r => r.Subdomain == alliance.Subdomain).Outcome).Order().ToList();
            Assert.Equal(new[] { TenantMigrationOutcome.Migrated, TenantMigrationOutcome.AlreadyCurrent }, outcomes);
            Assert.Equal(1, await TenantSchemas.HistoryCountAsync(Owner, alliance, Scripts.LatestVersion));
            await AssertCurrentAsync(alliance);
        }

        Assert.Equal(alliances.Count, summaries.Sum(s => s.Migrated));
    }

    [Fact]
    public async Task ReportNotFound_ForASubdomainThatHasNoAlliance()
    {
        var missing = ApiFactory.NewSubdomain("missing");

        var summary = await Runner.MigrateAllAsync(new TenantMigrationOptions { Subdomains = [missing] }, null, CancellationToken.None);

        var result = Assert.Single(summary.Results);
        Assert.Equal((missing, TenantMigrationOutcome.NotFound), (result.Subdomain, result.Outcome));
        Assert.False(summary.Succeeded);
    }

    [Fact]
    public async Task ReportProgressOncePerAlliance_InCompletionOrder()
    {
        var alliances = await ClaimBehindAsync(3);
        alliances.Add(await api.ClaimAsync());
        var reports = new List<TenantMigrationProgress>();

        var summary = await Runner.MigrateAllAsync(Only(alliances), new SynchronousProgress(reports.Add), CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 4), reports.Select(r => r.Completed));
        Assert.All(reports, r => Assert.Equal(4, r.Total));
        Assert.Equal((3, 1, 0), (reports[^1].Migrated, reports[^1].AlreadyCurrent, reports[^1].Failed));
        Assert.Equal(summary.Results.Select(r => r.Subdomain).Order(), reports.Select(r => r.Latest.Subdomain).Order());
    }

    [Fact]
    public async Task ListEachAllianceWithWhetherItIsCurrent()
    {
        var current = await api.ClaimAsync();
        var behind = (await ClaimBehindAsync(1))[0];

        var listing = await Runner.ListAlliancesAsync(CancellationToken.None);

        var mine = listing.Where(a => a.Subdomain == current.Subdomain || a.Subdomain == behind.Subdomain).OrderBy(a => a.Subdomain == behind.Subdomain).ToList();
        Assert.Equal(
            new[] { (current.Subdomain, "active", (string?)Scripts.LatestVersion, true), (behind.Subdomain, "active", "0", false) },
            mine.Select(a => (a.Subdomain, a.State, a.SchemaVersion, a.IsCurrent)));
    }

    private async Task<List<ClaimedAlliance>> ClaimBehindAsync(int count)
    {
        var alliances = new List<ClaimedAlliance>();
        for (var i = 0; i < count; i++)
        {
            var alliance = await api.ClaimAsync();
            await TenantSchemas.RegressAsync(Owner, alliance);
            alliances.Add(alliance);
        }

        return alliances;
    }

    private static TenantMigrationOptions Only(IEnumerable<ClaimedAlliance> alliances) =>
        new() { Subdomains = [.. alliances.Select(a => a.Subdomain)] };

    private async Task AssertCurrentAsync(ClaimedAlliance alliance)
    {
        Assert.Equal(Scripts.LatestVersion, await TenantSchemas.RecordedVersionAsync(Owner, alliance));
        Assert.True(await TenantSchemas.ApiKeysUsableByTenantAsync(Owner, alliance), $"{alliance.Subdomain}: api_keys missing or not granted");
        Assert.Equal(1, await TenantSchemas.HistoryCountAsync(Owner, alliance, Scripts.LatestVersion));
    }

    private async Task<long> WaitingForAdvisoryLocksAsync(IEnumerable<ClaimedAlliance> alliances)
    {
        await using var connection = new NpgsqlConnection(Owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2 " +
            "AND classid::bigint = $1 AND objid::bigint = ANY($2)",
            connection)
        {
            Parameters =
            {
                new() { Value = (long)TenantMigrationRunner.AdvisoryLockNamespace },
                new() { Value = alliances.Select(a => (long)TenantMigrationRunner.AdvisoryLockKey(a.Id)).ToArray() },
            },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        T value;
        while (!done(value = await probe()))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(8), $"Timed out waiting; last value {value}.");
            await Task.Delay(25);
        }
    }

    private sealed class SynchronousProgress(Action<TenantMigrationProgress> handler) : IProgress<TenantMigrationProgress>
    {
        public void Report(TenantMigrationProgress value) => handler(value);
    }
}
