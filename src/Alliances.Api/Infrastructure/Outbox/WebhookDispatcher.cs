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
/// retry that came due, another node's crash). Either way it reads only the rows that are due: a signal makes its
/// alliance due at once, and a run that leaves work only for later (retries of a receiver that is down) records when
/// that is, so the alliance costs nothing until then. Each alliance's work runs in an explicit tenant scope. A pending
/// row is removed or deferred only if its version did not change while the alliance was being worked on, so a signal
/// is never lost (<see cref="PendingAlliances.SettleAsync"/>). Several instances may run this: claims use FOR UPDATE
/// SKIP LOCKED and committed leases.
/// <para>
/// <b>No alliance waits for another.</b> Each alliance's work is its own task, at most
/// <see cref="MaxConcurrentAlliances"/> at a time, and the loop never waits for a whole sweep to finish: an alliance
/// whose receiver hangs until the timeout, or whose tables are locked by a migration, holds one slot, while the
/// others keep being picked up at every signal and sweep.
/// </para>
/// </summary>
public sealed partial class WebhookDispatcher(
    PendingAlliances pending, AppDataSource app, TenantScopeFactory scopes, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const string Channel = "alliances_outbox";
    private readonly Channel<Guid> _signals = System.Threading.Channels.Channel.CreateUnbounded<Guid>();
    public const int MaxConcurrentAlliances = 8;
    private readonly SemaphoreSlim _slots = new(MaxConcurrentAlliances);
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Task> _running = [];
    private long _completedSweeps;

    /// <summary>Passes over <c>outbox_pending</c> the background loop has finished; tests wait on it rather than sleep.</summary>
    public long CompletedSweeps => Interlocked.Read(ref _completedSweeps);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunDispatcher)
        {
            return;
        }

        try
        {
            await RunAsync(stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // A normal stop: whatever the cancellation surfaced as (OperationCanceledException, or an Npgsql error from a
            // connection cut mid-read), it is not a failure, and a BackgroundService that throws here is logged as one
            // (crit, "the IHost instance is stopping"). Pending work stays in the outbox for the next start.
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var listener = ListenAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDueAsync(stoppingToken);
                Interlocked.Increment(ref _completedSweeps);
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
                // Drained: the sweep below reads every due alliance anyway, and a signalled one is due.
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

    /// <summary>
    /// One pass over every alliance whose work is due, waiting until each is done (tests drive delivery with it).
    /// Returns the alliances it ran or found already running.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> SweepAsync(CancellationToken cancellationToken)
    {
        var started = await StartDueAsync(cancellationToken);
        await Task.WhenAll(started.Select(s => s.Task));
        return [.. started.Select(s => s.AllianceId)];
    }

    /// <summary>Starts the work of every due alliance that is not running yet; returns every due alliance's task.</summary>
    private async Task<List<(Guid AllianceId, Task Task)>> StartDueAsync(CancellationToken cancellationToken)
    {
        var due = await pending.ReadDueAsync(cancellationToken);
        var tasks = new List<(Guid, Task)>(due.Count);
        lock (_gate)
        {
            foreach (var (version, tenant) in due)
            {
                var id = tenant.AllianceId;
                if (!_running.TryGetValue(id, out var task))
                {
                    task = RunAllianceAsync(id, version, tenant, cancellationToken);
                    _running[id] = task;
                }

                tasks.Add((id, task));
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
            var runner = scope.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>();
            await runner.RunAsync(cancellationToken);
            await pending.SettleAsync(allianceId, version, runner.NextDueAsync, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Any failure of one alliance's work stays with that alliance: its pending row is left as it is (due), so
            // the next sweep retries it. Letting it escape would fault this BackgroundService, and the host stops the
            // whole API (BackgroundServiceExceptionBehavior.StopHost) over, say, a subscription deleted mid-delivery.
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
            catch (Exception) when (stoppingToken.IsCancellationRequested)
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
