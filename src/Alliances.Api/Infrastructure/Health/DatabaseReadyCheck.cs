using Alliances.Api.Platform.Schema;
using Alliances.Tenancy.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alliances.Api.Infrastructure.Health;

/// <summary>Ready when one round trip to the database succeeds as the application role and the platform schema has been migrated.</summary>
public sealed class DatabaseReadyCheck(AppDataSource app, PlatformSchemaState schema) : IHealthCheck
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await using var command = app.DataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!schema.IsReady)
        {
            return HealthCheckResult.Unhealthy("The platform schema has not been migrated yet.");
        }

        // The deadline is kept by racing the round trip against a timer, not only by cancelling it: against a frozen
        // server (it accepts TCP but answers nothing) a cancelled open or read can take far longer to give up than 3 s.
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Deadline);
        var probe = ProbeAsync(timeout.Token);
        var finished = await Task.WhenAny(probe, Task.Delay(Deadline, cancellationToken));
        if (finished != probe)
        {
            // Left to finish (or fail) on its own; its token source goes with it.
            _ = probe.ContinueWith(t =>
            {
                _ = t.Exception;
                timeout.Dispose();
            }, TaskScheduler.Default);
            return HealthCheckResult.Unhealthy("The database did not answer within 3 s.");
        }

        try
        {
            await probe;
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", exception);
        }
        finally
        {
            if (probe.IsCompleted)
            {
                timeout.Dispose();
            }
        }
    }
}
