using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Tenancy.Context;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>
/// The work for one alliance, run inside its tenant scope: fan new outbox events out into deliveries, then claim due
/// deliveries (a committed lease, taken with FOR UPDATE SKIP LOCKED) and send them. A dispatcher that dies after
/// claiming loses the lease when it expires, and another dispatcher sends the delivery then: at least once, never
/// by two dispatchers at the same time.
/// <para>
/// <b>One hanging receiver delays only its own subscription.</b> Up to <see cref="MaxParallelSubscriptions"/>
/// subscriptions of the alliance are sent to at once, each in its own scope (its own DbContext), each one delivery at a
/// time in event order. While some are busy the runner keeps claiming work for the others, so a receiver that hangs
/// until the timeout holds back nothing but its own later events.
/// </para>
/// </summary>
public sealed partial class WebhookDeliveryRunner(
    AllianceDbContext db, WebhookHttpClient http, TimeProvider clock, IOptions<WebhookOptions> options,
    TenantScopeFactory scopes, ITenantContextAccessor tenants, ILogger<WebhookDeliveryRunner> logger)
{
    public const int ExcerptLength = 512;
    private const int Batch = 20;

    /// <summary>Subscriptions of one alliance that are sent to at the same time.</summary>
    public const int MaxParallelSubscriptions = 4;

    /// <summary>How often the runner looks for work for idle subscriptions while others are still sending.</summary>
    private static readonly TimeSpan PollWhileBusy = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs until nothing is due; <see cref="NextDueAsync"/> then tells what is left.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var busy = new Dictionary<Guid, Task>();
        try
        {
            for (var round = 0; round < 500; round++)
            {
                var fannedOut = await FanOutAsync(cancellationToken);
                var free = MaxParallelSubscriptions - busy.Count;
                var claimed = free > 0 ? await ClaimAsync([.. busy.Keys], free, cancellationToken) : [];
                foreach (var deliveries in claimed.GroupBy(d => d.SubscriptionId))
                {
                    busy[deliveries.Key] = SendInOrderAsync([.. deliveries], cancellationToken);
                }

                if (busy.Count == 0)
                {
                    if (fannedOut == 0 && claimed.Count == 0)
                    {
                        break;
                    }

                    continue;
                }

                await Task.WhenAny([.. busy.Values, Task.Delay(PollWhileBusy, clock, cancellationToken)]);
                foreach (var done in busy.Where(b => b.Value.IsCompleted).Select(b => b.Key).ToList())
                {
                    await busy[done];
                    busy.Remove(done);
                }
            }
        }
        finally
        {
            // Never leave a send running past the run (its scope, its DbContext): wait for every one, whatever happened.
            await Task.WhenAll(busy.Values).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One subscription's claimed deliveries, one after the other, in their own tenant scope.</summary>
    private async Task SendInOrderAsync(List<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await using var scope = scopes.Begin(tenants.Required);
        var runner = scope.ServiceProvider.GetRequiredService<WebhookDeliveryRunner>();
        foreach (var delivery in deliveries)
        {
            await runner.DeliverAsync(delivery, cancellationToken);
        }
    }

    /// <summary>
    /// When this alliance next has work for a dispatcher, or null when it has none. Now while an event is undispatched
    /// (another dispatcher's fan-out holds it, or a run stopped at its round limit). Otherwise the earliest time a pending
    /// delivery can be claimed: its next attempt, or the end of the lease a dispatcher holds on it, since the delivery is
    /// claimable then if that dispatcher died (if it lives, it records its own reading when it finishes).
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<OutboxEvent>().AnyAsync(e => e.DispatchedAt == null, cancellationToken))
        {
            return clock.GetUtcNow();
        }

        return await db.Set<WebhookDelivery>().Where(d => d.State == WebhookDeliveryState.Pending)
            .MinAsync(d => d.LockedUntil > d.NextAttemptAt ? d.LockedUntil : d.NextAttemptAt, cancellationToken);
    }

    /// <summary>Turns undispatched events into one delivery per matching subscription, in one transaction.</summary>
    public async Task<int> FanOutAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var events = await db.Set<OutboxEvent>()
            .FromSql($"SELECT * FROM outbox_events WHERE dispatched_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED")
            .AsNoTracking().ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return 0;
        }

        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking()
            .Where(s => s.Active && s.State != WebhookState.Disabled).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var e in events)
        {
            var payload = Envelope(e.Type, e.OccurredAt, e.Data);
            foreach (var subscription in subscriptions.Where(s => s.EventTypes.Contains(e.Type)))
            {
                db.Set<WebhookDelivery>().Add(NewDelivery(subscription.Id, e.Id, e.Type, payload, now));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var ids = events.Select(e => e.Id).ToList();
        await db.Set<OutboxEvent>().Where(e => ids.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.DispatchedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return events.Count;
    }

    /// <summary>Takes a committed lease on due deliveries. Committed before anything is sent, so a crash cannot double-send.</summary>
    public Task<List<WebhookDelivery>> ClaimAsync(CancellationToken cancellationToken) => ClaimAsync([], MaxParallelSubscriptions, cancellationToken);

    /// <summary>
    /// As <see cref="ClaimAsync(CancellationToken)"/>, for at most <paramref name="subscriptions"/> subscriptions other
    /// than <paramref name="busy"/> (those still sending); returned in event order within each subscription.
    /// </summary>
    public async Task<List<WebhookDelivery>> ClaimAsync(Guid[] busy, int subscriptions, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + options.Value.Lease;
        var claimed = await db.Set<WebhookDelivery>().FromSql(
            $"""
            WITH due AS MATERIALIZED (
                SELECT id FROM webhook_deliveries
                WHERE state = 'pending' AND next_attempt_at <= {now} AND (locked_until IS NULL OR locked_until <= {now})
                  AND subscription_id IN (SELECT DISTINCT subscription_id FROM webhook_deliveries
                                          WHERE state = 'pending' AND next_attempt_at <= {now}
                                            AND (locked_until IS NULL OR locked_until <= {now})
                                            AND NOT (subscription_id = ANY ({busy}))
                                          LIMIT {subscriptions})
                ORDER BY next_attempt_at, event_id LIMIT {Batch} FOR UPDATE SKIP LOCKED)
            UPDATE webhook_deliveries AS d SET locked_until = {until}, attempts = d.attempts + 1, updated_at = {now}
            FROM due WHERE d.id = due.id
            RETURNING d.*
            """).AsNoTracking().ToListAsync(cancellationToken);
        // The locking SELECT is a materialized CTE so that it runs exactly once: as an IN (…) subquery with a nested one,
        // the planner may run it per row, and two dispatchers then claimed the same delivery (TwoDispatchersShould).
        // RETURNING has no order of its own; event ids are time-ordered (v7).
        return [.. claimed.OrderBy(d => d.NextAttemptAt).ThenBy(d => d.EventId)];
    }

    public async Task DeliverAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!await RenewLeaseAsync(delivery, cancellationToken))
        {
            LogLeaseLost(logger, delivery.Id);
            return;
        }

        var subscription = await db.Set<WebhookSubscription>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == delivery.SubscriptionId, cancellationToken);
        if (subscription is null || !subscription.Active || subscription.State == WebhookState.Disabled)
        {
            await FinishAsync(delivery, WebhookDeliveryState.Failed, null, cancellationToken);
            return;
        }

        var now = clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        var secrets = new List<string> { subscription.Secret };
        if (subscription.PreviousSecret is { } previous && subscription.PreviousSecretExpiresAt > now)
        {
            secrets.Add(previous);
        }

        var messageId = MessageId(delivery.EventId);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Header(secrets, messageId, timestamp, delivery.Payload));
        request.Headers.UserAgent.ParseAdd("Alliances-Webhooks/1");

        int? status = null;
        string? error = null;
        string? excerpt = null;
        var refused = false;
        var started = Stopwatch.GetTimestamp();
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.Value.Timeout);
            try
            {
                using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                status = (int)response.StatusCode;
                excerpt = await ReadExcerptAsync(response, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"Timed out after {options.Value.Timeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                error = Truncate(e.Message, 500);
                refused = IsRefusedTarget(e);
            }
        }

        var latency = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        db.Set<WebhookAttempt>().Add(new WebhookAttempt
        {
            Id = Guid.CreateVersion7(),
            DeliveryId = delivery.Id,
            SubscriptionId = delivery.SubscriptionId,
            AttemptedAt = now,
            StatusCode = status,
            LatencyMs = latency,
            Error = error,
            ResponseExcerpt = excerpt,
        });
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            // The subscription was deleted while this attempt was in flight, and its deliveries and their log with it:
            // there is nothing left to record or to retry.
            db.ChangeTracker.Clear();
            LogDeliveryGone(logger, delivery.Id);
            return;
        }

        db.ChangeTracker.Clear();
        LogAttempt(logger, delivery.Id, delivery.EventType, status, latency, error);

        if (status is >= 200 and < 300)
        {
            await FinishAsync(delivery, WebhookDeliveryState.Succeeded, status, CancellationToken.None);
            // Written only when there is something to heal: a success is the common case, and a write per delivery would
            // churn the row and its ETag (version) for nothing.
            await db.Set<WebhookSubscription>()
                .Where(s => s.Id == subscription.Id && s.State != WebhookState.Disabled && (s.State != WebhookState.Healthy || s.Exhaustions != 0))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Exhaustions, 0).SetProperty(x => x.State, WebhookState.Healthy)
                    .SetProperty(x => x.Version, x => x.Version + 1).SetProperty(x => x.UpdatedAt, now), CancellationToken.None);
        }
        else if (status == StatusCodes.Status410Gone)
        {
            await FinishAsync(delivery, WebhookDeliveryState.Failed, status, CancellationToken.None);
            await DisableAsync(subscription.Id, "The receiver answered 410 Gone.", now);
        }
        else if (refused || delivery.Attempts > options.Value.EffectiveRetrySchedule.Count)
        {
            // A target our own rules refuse (plain http, an address webhooks may not reach) would be refused again on
            // every retry: it fails at once, and counts against the subscription like an exhausted schedule.
            await FinishAsync(delivery, WebhookDeliveryState.Failed, status, CancellationToken.None);
            var exhaustions = subscription.Exhaustions + 1;
            if (exhaustions >= options.Value.DisableAfterExhaustions)
            {
                await DisableAsync(subscription.Id, $"Every retry failed for {exhaustions} deliveries in a row.", now);
            }
            else
            {
                await db.Set<WebhookSubscription>().Where(s => s.Id == subscription.Id && s.State != WebhookState.Disabled)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Exhaustions, x => x.Exhaustions + 1)
                        .SetProperty(x => x.State, WebhookState.Failing).SetProperty(x => x.Version, x => x.Version + 1)
                        .SetProperty(x => x.UpdatedAt, now), CancellationToken.None);
            }
        }
        else
        {
            var wait = Jitter(options.Value.EffectiveRetrySchedule[delivery.Attempts - 1]);
            var next = clock.GetUtcNow() + wait;
            await db.Set<WebhookDelivery>().Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.NextAttemptAt, next).SetProperty(d => d.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.LastStatusCode, status).SetProperty(d => d.UpdatedAt, clock.GetUtcNow()), CancellationToken.None);
        }
    }

    public static string MessageId(Guid eventId) => "msg_" + eventId.ToString("N");

    /// <summary>True when the send was refused by the SSRF guard or the https rule, however the handler wrapped it.</summary>
    private static bool IsRefusedTarget(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is ForbiddenWebhookAddressException or ForbiddenWebhookSchemeException)
            {
                return true;
            }
        }

        return false;
    }

    public static string Envelope(string type, DateTimeOffset occurredAt, string data) =>
        new JsonObject
        {
            ["type"] = type,
            ["timestamp"] = occurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = JsonNode.Parse(data),
        }.ToJsonString();

    public static WebhookDelivery NewDelivery(Guid subscriptionId, Guid eventId, string type, string payload, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        SubscriptionId = subscriptionId,
        EventId = eventId,
        EventType = type,
        Payload = payload,
        State = WebhookDeliveryState.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>±20 %, so receivers that failed together are not retried together.</summary>
    public static TimeSpan Jitter(TimeSpan wait) => wait * (0.8 + (Random.Shared.NextDouble() * 0.4));

    /// <summary>
    /// Extends the lease on a claimed delivery just before it is sent, if the claim is still this dispatcher's. A batch is
    /// leased as a whole, so the end of a slow batch can outlive its lease and be claimed again by another dispatcher;
    /// every claim increments <c>attempts</c>, so the re-claimed delivery no longer matches here and this dispatcher
    /// leaves it alone instead of sending it a second time, concurrently. Needs <see cref="WebhookOptions.Lease"/> to be
    /// longer than <see cref="WebhookOptions.Timeout"/>, so the renewed lease outlasts the attempt.
    /// </summary>
    private async Task<bool> RenewLeaseAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + options.Value.Lease;
        return await db.Set<WebhookDelivery>()
            .Where(d => d.Id == delivery.Id && d.Attempts == delivery.Attempts && d.State == WebhookDeliveryState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, until), cancellationToken) == 1;
    }

    private Task<int> FinishAsync(WebhookDelivery delivery, WebhookDeliveryState state, int? status, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Set<WebhookDelivery>().Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, state).SetProperty(d => d.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(d => d.LastStatusCode, status).SetProperty(d => d.UpdatedAt, now), cancellationToken);
    }

    private Task<int> DisableAsync(Guid subscriptionId, string reason, DateTimeOffset now) =>
        db.Set<WebhookSubscription>().Where(s => s.Id == subscriptionId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Active, false).SetProperty(x => x.State, WebhookState.Disabled)
            .SetProperty(x => x.DisabledReason, reason).SetProperty(x => x.Version, x => x.Version + 1)
            .SetProperty(x => x.UpdatedAt, now), CancellationToken.None);

    /// <summary>
    /// Up to <see cref="ExcerptLength"/> characters of the body. A body that breaks off (a receiver that declares a longer
    /// Content-Length than it sends, or drops the connection mid-body) throws an IOException, yet the receiver has
    /// answered and its status decides the outcome. Escaping, the exception skipped the attempt's record: the delivery
    /// was claimed again with every lease and never ran out of retries, and the rest of its batch waited. So the break is
    /// noted at the end of the excerpt instead, after whatever part of the body did arrive.
    /// </summary>
    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new char[ExcerptLength];
        var read = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            int chunk;
            while (read < buffer.Length && (chunk = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            {
                read += chunk;
            }
        }
        catch (IOException e)
        {
            var note = $"[the response body could not be read to the end: {Truncate(e.Message, 200)}]";
            return read == 0 ? note : new string(buffer, 0, Math.Min(read, ExcerptLength - note.Length - 1)) + " " + note;
        }

        return read == 0 ? null : new string(buffer, 0, read);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId}: another dispatcher re-claimed it after this one's lease ran out; not sent")]
    private static partial void LogLeaseLost(ILogger logger, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId}: its subscription was deleted during the attempt; nothing recorded")]
    private static partial void LogDeliveryGone(ILogger logger, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} ({EventType}): status {Status}, {LatencyMs} ms, {Error}")]
    private static partial void LogAttempt(ILogger logger, Guid deliveryId, string eventType, int? status, int latencyMs, string? error);
}
