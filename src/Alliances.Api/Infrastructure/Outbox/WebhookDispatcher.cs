using System.Threading.Channels;
using Alliances.Tenancy.Context;
using Alliances.Tenancy.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>
/// Delivers webhooks for every alliance without scanning every schema. An outbox insert (a statement trigger, in the
/// same transaction) bumps the alliance's row in the small platform table <c>platform.outbox_pending</c> and NOTIFYs
/// <c>alliances_outbox</c> with the alliance id. This service LISTENs, so new events go out within milliseconds, and
/// every <see cref="WebhookOptions.SweepInterval"/> it also reads <c>outbox_pending</c> (a lost notification, a
/// retry that came due, another node's crash). Each alliance's work runs in an explicit tenant scope. A pending row
/// is removed only if its version did not change while the alliance was being worked on, so a signal is never lost.
/// Several instances may run this: claims use FOR UPDATE SKIP LOCKED and committed leases.
/// <para>
/// <b>No alliance waits for another.</b> Each alliance's work is its own task, at most
/// <see cref="MaxConcurrentAlliances"/> at a time, and the loop never waits for a whole sweep to finish: an alliance
/// whose receiver hangs until the timeout, or whose tables are locked by a migration, holds one slot, while the
/// others keep being picked up at every signal and sweep.
/// </para>
/// </summary>
public sealed partial class WebhookDispatcher(
    OwnerDataSource owner, AppDataSource app, TenantScopeFactory scopes, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const string Channel = "alliances_outbox";
    private readonly Channel<Guid> _signals = System.Threading.Channels.Channel.CreateUnbounded<Guid>();
    public const int MaxConcurrentAlliances = 8;
    private readonly SemaphoreSlim _slots = new(MaxConcurrentAlliances);
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Task> _running = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunDispatcher)
        {
            return;
        }

        var listener = ListenAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartPendingAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, e);
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(options.Value.SweepInterval);
            try
            {
                await _signals.Reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // the sweep interval passed without a signal
            }

            while (_signals.Reader.TryRead(out _))
            {
                // Drained: the sweep below reads every pending alliance anyway.
            }
        }

        await listener;
        Task[] left;
        lock (_gate)
        {
            left = [.. _running.Values];
        }

        await Task.WhenAll(left);
    }

    /// <summary>One pass over every alliance with pending work, waiting until each is done (tests drive delivery with it).</summary>
    public async Task SweepAsync(CancellationToken cancellationToken) => await Task.WhenAll(await StartPendingAsync(cancellationToken));

    /// <summary>Starts the work of every alliance with pending work that is not running yet; returns every alliance's task.</summary>
    private async Task<List<Task>> StartPendingAsync(CancellationToken cancellationToken)
    {
        var pending = new List<(Guid Id, long Version, TenantContext Tenant)>();
        await using (var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken))
        await using (var command = new NpgsqlCommand(
            "SELECT p.alliance_id, p.version, a.subdomain, a.schema_name, a.role_name, a.name, a.time_zone " +
            "FROM platform.outbox_pending p JOIN platform.alliances a ON a.id = p.alliance_id WHERE a.state = 'active'", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetGuid(0);
                pending.Add((id, reader.GetInt64(1), new TenantContext(id, reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6))));
            }
        }

        var tasks = new List<Task>(pending.Count);
        lock (_gate)
        {
            foreach (var (id, version, tenant) in pending)
            {
                if (!_running.TryGetValue(id, out var task))
                {
                    task = RunAllianceAsync(id, version, tenant, cancellationToken);
                    _running[id] = task;
                }

                tasks.Add(task);
            }
        }

        return tasks;
    }

    private async Task RunAllianceAsync(Guid allianceId, long version, TenantContext tenant, CancellationToken cancellationToken)
    {
        // Off the caller's thread before anything else: the caller holds _gate, which the finally below takes.
        await Task.Yield();
        var slot = false;
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["Alliance"] = tenant.Subdomain, ["AllianceId"] = allianceId });
        try
        {
            await _slots.WaitAsync(cancellationToken);
            slot = true;
            await using var scope = scopes.Begin(tenant);
            var settled = await scope.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>().RunAsync(cancellationToken);
            if (settled)
            {
                await using var connection = await owner.DataSource.OpenConnectionAsync(cancellationToken);
                await using var remove = new NpgsqlCommand("DELETE FROM platform.outbox_pending WHERE alliance_id = $1 AND version = $2", connection);
                remove.Parameters.Add(new() { Value = allianceId });
                remove.Parameters.Add(new() { Value = version });
                await remove.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Any failure of one alliance's work stays with that alliance: its pending row stays, so the next sweep
            // retries it. Letting it escape would fault this BackgroundService, and the host stops the whole API
            // (BackgroundServiceExceptionBehavior.StopHost) over, say, a subscription deleted mid-delivery.
            LogAllianceFailed(logger, tenant.Subdomain, e);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down (whatever the cancellation surfaced as); the pending row stays for the next start.
        }
        finally
        {
            if (slot)
            {
                _slots.Release();
            }

            lock (_gate)
            {
                _running.Remove(allianceId);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await app.OpenListenerConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (Guid.TryParse(e.Payload, out var id))
                    {
                        _signals.Writer.TryWrite(id);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Anything signalled while we were not listening is picked up by the sweep.
                _signals.Writer.TryWrite(Guid.Empty);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException e)
            {
                LogListenFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sweep failed; retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery for alliance {Alliance} failed; it stays pending")]
    private static partial void LogAllianceFailed(ILogger logger, string alliance, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LISTEN alliances_outbox failed; reconnecting (the sweep covers the gap)")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
