using Alliances.Api.Platform.Schema;
using Alliances.Tenancy.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alliances.Api.Infrastructure.Health;

/// <summary>Ready when one round trip to the database succeeds as the application role and the platform schema has been migrated.</summary>
public sealed class DatabaseReadyCheck(AppDataSource app, PlatformSchemaState schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!schema.IsReady)
        {
            return HealthCheckResult.Unhealthy("The platform schema has not been migrated yet.");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var command = app.DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", exception);
        }
    }
}
