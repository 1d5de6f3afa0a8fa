using Alliances.Tenancy.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliances.Tenancy.Catalog;

/// <summary>
/// Keeps one connection LISTENing on <see cref="CatalogChannel"/> and evicts the sub-domain named in each notification,
/// so a suspension made on one API node takes effect on every node within milliseconds. After a reconnect it clears the
/// whole cache, because notifications sent while it was disconnected are lost.
/// </summary>
public sealed partial class CatalogChangeListener(
    AppDataSource app,
    CachedAllianceCatalog cache,
    ILogger<CatalogChangeListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first LISTEN is in place; tests wait on it before changing the catalog.</summary>
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await app.OpenListenerConnectionAsync(stoppingToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand("LISTEN " + CatalogChannel.Name, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                cache.Clear();
                _listening.TrySetResult();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException)
            {
                LogListenerFailed(logger, exception);
                cache.Clear();
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs args)
    {
        cache.Invalidate(args.Payload);
        // A new alliance means a new role granted to the login; recycle pooled backends so none of them is still on a
        // stale role-membership cache (see AllianceProvisioner). Catalog changes are rare, so this costs little.
        app.DataSource.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog change listener lost its connection; retrying in 1 s")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception);
}
