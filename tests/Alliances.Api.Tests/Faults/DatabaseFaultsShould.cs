using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Alliances.Api.Data;
using Alliances.Api.Data.TenantMigrations;
using Alliances.Api.Infrastructure.Database;
using Alliances.Api.Tests.Infrastructure;
using Alliances.Tenancy.Database;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Alliances.Api.Tests.Faults;

/// <summary>
/// Issue #16: what clients see when PostgreSQL fails under them, on a cluster of the tests' own (<see cref="FaultCluster"/>).
/// Every answer while the database is away is a 503 with Retry-After, never a 500 and never a hang; service comes back
/// by itself; no acknowledged write is lost; one alliance's locked table does not touch another alliance.
/// </summary>
public sealed class DatabaseFaultsShould(FaultCluster cluster, ITestOutputHelper output) : IClassFixture<FaultCluster>
{
    private FaultApiFactory Api => cluster.Api;

    [Fact]
    public async Task Answer503WhileStopped_ServeAgainWithin5s_AndLoseNoAcknowledgedWrite()
    {
        await cluster.ReadyAsync();
        var alliance = await Api.ClaimAsync();
        using var client = Api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var acknowledged = new ConcurrentBag<string>();
        var unexpected = new ConcurrentBag<string>();
        var unavailable = 0;
        var lastSuccess = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        async Task WriteAsync(int writer)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var slug = $"w{writer}-{i}";
                using var response = await client.PostAsJsonAsync("/v1/spaces", new { name = slug, slug, kind = "coworking", status = "open" });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(slug);
                    Interlocked.Exchange(ref lastSuccess, Stopwatch.GetTimestamp());
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null &&
                         response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                {
                    Interlocked.Increment(ref unavailable);
                }
                else
                {
                    unexpected.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                await Task.Delay(25);
            }
        }

        var writers = Enumerable.Range(0, 3).Select(WriteAsync).ToArray();
        await WaitUntilAsync(() => acknowledged.Count >= 10, "writes before the stop");
        await cluster.StopAsync();
        await WaitUntilAsync(() => Volatile.Read(ref unavailable) >= 5, "503s while stopped");
        await cluster.StartAsync();
        var started = Stopwatch.GetTimestamp();
        await WaitUntilAsync(() => Interlocked.Read(ref lastSuccess) > started, "a write after the restart", TimeSpan.FromSeconds(5));
        output.WriteLine($"first success {Stopwatch.GetElapsedTime(started, Interlocked.Read(ref lastSuccess)).TotalMilliseconds:F0} ms after the restart; {unavailable} × 503");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.Empty(unexpected);
        var stored = await AllSlugsAsync(client);
        Assert.Empty(acknowledged.Except(stored));
    }

    [Fact]
    public async Task Answer503_NotA500_WhenNoConnectionSlotIsFree()
    {
        await cluster.ReadyAsync();
        var alliance = await Api.ClaimAsync();
        using var client = Api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using (var warm = await client.GetAsync(new Uri("/v1/spaces", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        // The API must open new connections, and find no slot: idle pooled ones are closed first, then every slot taken.
        Api.Services.GetRequiredService<AppDataSource>().DataSource.Clear();
        Api.Services.GetRequiredService<OwnerDataSource>().DataSource.Clear();
        var held = new List<NpgsqlConnection>();
        try
        {
            var full = false;
            for (var i = 0; i < FaultCluster.MaxConnections + 5 && !full; i++)
            {
                var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.ConnectionStrings.Owner) { Pooling = false }.ConnectionString);
                try
                {
                    await connection.OpenAsync();
                    held.Add(connection);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.TooManyConnections)
                {
                    await connection.DisposeAsync();
                    full = true;
                }
            }

            Assert.True(full, "the cluster never ran out of connection slots");
            foreach (var request in new[] { "/v1/spaces", "/v1/priorities", "/v1/meetings" })
            {
                using var response = await client.GetAsync(new Uri(request, UriKind.Relative));
                await AssertUnavailableAsync(response);
            }

            using var write = await client.PostAsJsonAsync("/v1/spaces", new { name = "No slot", slug = "no-slot", kind = "coworking", status = "open" });
            await AssertUnavailableAsync(write);
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }

        await WaitUntilAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri("/v1/spaces", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }, "service once slots are free", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Answer503WithinTheLockTimeout_ForALockedAlliance_AndServeTheOthers()
    {
        await cluster.ReadyAsync();
        var locked = await Api.ClaimAsync();
        var other = await Api.ClaimAsync();
        using var lockedClient = Api.Alliance(locked.Subdomain, locked.OrganizerKey);
        using var otherClient = Api.Alliance(other.Subdomain, other.OrganizerKey);

        await using var holder = new NpgsqlConnection(cluster.ConnectionStrings.Owner);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE \"{await SchemaOfAsync(holder, locked)}\".spaces IN ACCESS EXCLUSIVE MODE", holder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        using (var response = await lockedClient.GetAsync(new Uri("/v1/spaces", UriKind.Relative)))
        {
            var waited = clock.Elapsed;
            output.WriteLine($"locked alliance answered {(int)response.StatusCode} after {waited.TotalMilliseconds:F0} ms");
            await AssertUnavailableAsync(response);
            Assert.InRange(waited, TimeSpan.FromMilliseconds(DatabaseSetup.RequestTimeouts.LockMilliseconds - 500),
                TimeSpan.FromMilliseconds(DatabaseSetup.RequestTimeouts.StatementMilliseconds + 2000));
        }

        clock.Restart();
        using (var response = await otherClient.GetAsync(new Uri("/v1/spaces", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(DatabaseSetup.RequestTimeouts.LockMilliseconds),
                $"the other alliance waited {clock.Elapsed.TotalMilliseconds:F0} ms");
        }

        await transaction.RollbackAsync();
        using var after = await lockedClient.GetAsync(new Uri("/v1/spaces", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task KeepReadyzsDeadline_AndAnswer503_WhenTheServerIsFrozen()
    {
        await cluster.ReadyAsync();
        var alliance = await Api.ClaimAsync();
        using var client = Api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        using var platform = Api.Platform();
        using (var warm = await client.GetAsync(new Uri("/v1/spaces", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        cluster.Freeze();
        try
        {
            var clock = Stopwatch.StartNew();
            using (var ready = await platform.GetAsync(new Uri("/readyz", UriKind.Relative)))
            {
                output.WriteLine($"/readyz answered {(int)ready.StatusCode} after {clock.Elapsed.TotalMilliseconds:F0} ms");
                await AssertUnavailableAsync(ready);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4.5), $"/readyz took {clock.Elapsed.TotalMilliseconds:F0} ms");
            }

            clock.Restart();
            using var response = await client.GetAsync(new Uri("/v1/spaces", UriKind.Relative));
            output.WriteLine($"a read answered {(int)response.StatusCode} after {clock.Elapsed.TotalMilliseconds:F0} ms");
            await AssertUnavailableAsync(response);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(DatabaseSetup.RequestTimeouts.CommandSeconds + 5), $"a read took {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
        finally
        {
            cluster.Resume();
        }

        await WaitUntilAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri("/v1/spaces", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }, "service after the freeze", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task MigrateEveryAlliance_ThroughARestartOfPostgres()
    {
        await cluster.ReadyAsync();
        var alliances = new List<ClaimedAlliance>();
        for (var i = 0; i < 8; i++)
        {
            alliances.Add(await Api.ClaimAsync());
        }

        await using var owner = new OwnerDataSource(DatabaseSetup.BuildDataSource(cluster.ConnectionStrings.Owner, "migrate-through-restart"));
        var runner = new TenantMigrationRunner(owner, Api.Services.GetRequiredService<TenantSchemaScripts>());
        // Each alliance's transaction sleeps, so the run is still going when the server goes down.
        var options = new TenantMigrationOptions
        {
            Parallelism = 2,
            Subdomains = [.. alliances.Select(a => a.Subdomain)],
            BenchmarkScript = "SELECT pg_sleep(0.4);",
        };
        var firstDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = runner.MigrateAllAsync(options, new Signal(firstDone), CancellationToken.None);

        await firstDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cluster.RestartAsync(TimeSpan.FromSeconds(1));
        var summary = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(summary.Succeeded, string.Join("; ", summary.Problems.Select(p => $"{p.Subdomain}: {p.Error}")));
        Assert.Equal(alliances.Count, summary.Migrated);
    }

    /// <summary>A 503 problem with Retry-After; from the request's own query or from tenant resolution's catalog lookup.</summary>
    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains(problem.GetProperty("type").GetString(), new[]
        {
            "https://alliances.dev/problems/database-unavailable", "https://alliances.dev/problems/catalog-unavailable",
        });
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "503 without Retry-After");
    }

    private static async Task<string> SchemaOfAsync(NpgsqlConnection connection, ClaimedAlliance alliance)
    {
        await using var find = new NpgsqlCommand("SELECT schema_name FROM platform.alliances WHERE id = $1", connection);
        find.Parameters.Add(new() { Value = alliance.Id });
        return (string)(await find.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> AllSlugsAsync(HttpClient client)
    {
        var slugs = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await client.GetAsync(new Uri("/v1/spaces?limit=100" + (cursor is null ? "" : "&cursor=" + cursor), UriKind.Relative));
            var page = await response.ReadJsonAsync();
            slugs.AddRange(page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("slug").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return slugs;
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, within);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((within ?? TimeSpan.FromSeconds(30)).TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    private sealed class Signal(TaskCompletionSource done) : IProgress<TenantMigrationProgress>
    {
        public void Report(TenantMigrationProgress value) => done.TrySetResult();
    }
}
