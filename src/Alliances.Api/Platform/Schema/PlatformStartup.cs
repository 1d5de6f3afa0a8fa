using Alliances.Api.Platform.Demo;
using Npgsql;

namespace Alliances.Api.Platform.Schema;

/// <summary>
/// At start-up, migrates the platform schema (never the tenants: that is the CLI's <c>migrate</c>, so start-up time
/// does not grow with the number of alliances), then seeds the demo alliance in Development. If the database is not
/// reachable yet, start-up carries on and retries in the background; <c>/readyz</c> answers 503 until it succeeds.
/// </summary>
public sealed partial class PlatformStartup(
    PlatformSchemaMigrator migrator,
    PlatformSchemaState state,
    DemoAllianceSeeder demo,
    ILogger<PlatformStartup> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await TryMigrateAsync(cancellationToken))
        {
            return;
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested || await TryMigrateAsync(stoppingToken))
            {
                return;
            }

            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
        }
    }

    private async Task<bool> TryMigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await migrator.MigrateAsync(cancellationToken);
            state.MarkReady();
            await demo.SeedAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or IOException)
        {
            LogDatabaseUnavailable(logger, exception);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Platform schema migration failed: the database is unavailable. Retrying in the background.")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);
}
