using System.Collections.Concurrent;
using System.Data.Common;
using Alliances.Api.Data;
using Alliances.Api.Features.Priorities;
using Alliances.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Alliances.Api.Tests.Priorities;

/// <summary>
/// The limit rests on one detail of the SQL: the settings row is locked before the active priorities are counted. The
/// concurrency tests show the effect; this one pins the cause, so a refactoring that moves the count first fails here
/// with a message that says why, even on a machine too slow to lose the race.
/// </summary>
public sealed class PromoteSqlShould(SqlRecordingApiFactory api) : IClassFixture<SqlRecordingApiFactory>
{
    [Fact]
    public async Task LockTheSettingsRow_BeforeCountingActivePriorities_AndBeforeTouchingThePriority()
    {
        var alliance = await api.ClaimAsync();
        using var organizer = api.Alliance(alliance.Subdomain, alliance.OrganizerKey);
        var id = await organizer.ProposeIdAsync();

        api.Commands.Clear();
        await organizer.PromoteAsync(id);
        var commands = api.Commands.ToList();

        var begin = commands.IndexOf(SqlRecordingApiFactory.Begin);
        var commit = commands.LastIndexOf(SqlRecordingApiFactory.Commit);
        var settingsLock = commands.FindIndex(c => c.Contains(PriorityLimit.LockSettingsSql, StringComparison.Ordinal));
        var rowLock = commands.FindIndex(c => c.Contains("FROM priorities WHERE id = ", StringComparison.Ordinal) &&
                                              c.Contains("FOR UPDATE", StringComparison.Ordinal));
        var count = commands.FindIndex(c => c.Contains("FROM priorities AS", StringComparison.Ordinal) &&
                                            c.Contains("'active'", StringComparison.Ordinal) && !c.Contains("UPDATE", StringComparison.Ordinal));
        var write = commands.FindIndex(c => c.Contains("UPDATE priorities", StringComparison.Ordinal));
        var all = string.Join("\n---\n", commands);
        Assert.True(settingsLock >= 0, "The promote never ran " + PriorityLimit.LockSettingsSql + ":\n" + all);
        Assert.True(rowLock > settingsLock, "The priority row must be locked after the settings row (one lock order, no deadlocks):\n" + all);
        Assert.True(count > settingsLock, "Active priorities must be counted after the settings row is locked, or two promotes can both see a free slot:\n" + all);
        Assert.True(write > count, "The promote must write after it has counted:\n" + all);
        Assert.True(begin >= 0 && begin < settingsLock && write < commit, "Lock, count and write must run in one transaction:\n" + all);
        Assert.Equal(1, commands.Count(c => c == SqlRecordingApiFactory.Begin));
    }
}

/// <summary>The API with every command the tenant DbContext sends recorded, in order.</summary>
public sealed class SqlRecordingApiFactory : ApiFactory
{
    public const string Begin = "-- transaction started";
    public const string Commit = "-- transaction committed";

    public ConcurrentQueue<string> Commands { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.ConfigureDbContext<AllianceDbContext>(options =>
            options.AddInterceptors(new Recorder(Commands), new TransactionRecorder(Commands)));

    private sealed class TransactionRecorder(ConcurrentQueue<string> commands) : DbTransactionInterceptor
    {
        public override ValueTask<DbTransaction> TransactionStartedAsync(
            DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            commands.Enqueue(Begin);
            return base.TransactionStartedAsync(connection, eventData, result, cancellationToken);
        }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            commands.Enqueue(Commit);
            return base.TransactionCommittedAsync(transaction, eventData, cancellationToken);
        }
    }

    private sealed class Recorder(ConcurrentQueue<string> commands) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            commands.Enqueue(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            commands.Enqueue(command.CommandText);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            commands.Enqueue(command.CommandText);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
