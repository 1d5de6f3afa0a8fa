using System.Security.Cryptography;
using System.Text;
using Alliances.Api.Data;
using Alliances.Api.Data.Entities;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Alliances.Api.Infrastructure.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on every POST of an alliance host (<see cref="AcceptsIdempotencyKey"/>), scoped to (alliance, key id, idempotency key) and kept 24 h.
/// <list type="number">
/// <item>The key is claimed with <c>INSERT … ON CONFLICT DO NOTHING</c> in its own committed statement before the handler
/// runs, so of any number of concurrent duplicates exactly one runs the handler; the others see the claim.</item>
/// <item>The winner's response (status, Location, content type, body) is buffered and stored, the body sealed with the
/// caller's key (<see cref="StoredResponseBody"/>); a later retry gets it back with <c>Idempotent-Replayed: true</c>.</item>
/// <item>A duplicate while the first still runs gets 409; the same key with another request gets 422.</item>
/// <item>The handler's writes and the stored response commit in one transaction. A 5xx or an exception rolls both back
/// and releases the claim, so the client's retry runs again: nothing was promised, and nothing was written.</item>
/// </list>
/// The apex has no tenant schema, so <c>POST /v1/alliances</c> is not covered (a retried claim gets 409 "taken").
/// </summary>
public sealed partial class IdempotencyMiddleware(RequestDelegate next, TimeProvider clock, ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>A claim older than this that never completed belongs to a crashed node and may be taken over.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(5);

    public async Task InvokeAsync(HttpContext context, ITenantContextAccessor tenants, AllianceDbContext db, IProblemDetailsService problems)
    {
        if (!context.Request.Headers.TryGetValue(HeaderName, out var values) || tenants.Current is not { } tenant ||
            !AcceptsIdempotencyKey(context))
        {
            await next(context);
            return;
        }

        if (values.Count != 1 || values[0] is not { Length: > 0 and <= MaxKeyLength } key || key.Any(c => c is < '!' or > '~'))
        {
            await WriteProblemAsync(context, problems, 400, ProblemTypes.IdempotencyKeyInvalid, "Invalid Idempotency-Key",
                $"Idempotency-Key must be one value of 1–{MaxKeyLength} visible ASCII characters, e.g. a UUID.");
            return;
        }

        var keyId = context.User.KeyIdOf() ?? Guid.Empty;
        var hash = await HashRequestAsync(context.Request, context.RequestAborted);
        var records = db.Set<IdempotencyRecord>();
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var expires = now + Retention;
            var claimed = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO idempotency_records (key_id, idempotency_key, request_hash, state, created_at, expires_at)
                VALUES ({keyId}, {key}, {hash}, 'in_progress', {now}, {expires})
                ON CONFLICT (key_id, idempotency_key) DO NOTHING
                """, context.RequestAborted);
            if (claimed == 1)
            {
                await RunAndStoreAsync(context, db, tenant.AllianceId, keyId, key);
                return;
            }

            var existing = await records.AsNoTracking().FirstOrDefaultAsync(r => r.KeyId == keyId && r.IdempotencyKey == key, context.RequestAborted);
            if (existing is null || existing.ExpiresAt <= now)
            {
                // Gone between the insert and the read, or expired: clear it and claim again.
                await records.Where(r => r.KeyId == keyId && r.IdempotencyKey == key && r.ExpiresAt <= now).ExecuteDeleteAsync(context.RequestAborted);
                if (attempt < 3)
                {
                    continue;
                }
            }
            else if (!CryptographicOperations.FixedTimeEquals(existing.RequestHash, hash))
            {
                await WriteProblemAsync(context, problems, 422, ProblemTypes.IdempotencyKeyReused, "Idempotency-Key reused",
                    "This Idempotency-Key was already used with a different request (method, path or body). Use a new key for a new request.");
                return;
            }
            else if (existing.State == IdempotencyState.Completed)
            {
                await ReplayAsync(context, existing, tenant.AllianceId, key);
                return;
            }
            else if (existing.CreatedAt <= now - AbandonedAfter)
            {
                var takenOver = await records
                    .Where(r => r.KeyId == keyId && r.IdempotencyKey == key && r.State == IdempotencyState.InProgress && r.CreatedAt == existing.CreatedAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, now), context.RequestAborted);
                if (takenOver == 1)
                {
                    await RunAndStoreAsync(context, db, tenant.AllianceId, keyId, key);
                    return;
                }
            }

            context.Response.Headers.RetryAfter = "1";
            await WriteProblemAsync(context, problems, 409, ProblemTypes.IdempotencyKeyInFlight, "Request in progress",
                "A request with this Idempotency-Key is still being processed. Retry after it finishes to get its result.");
            return;
        }
    }

    /// <summary>
    /// Every POST on an alliance host, as Stripe does for every POST: a creating POST must not create twice, and a
    /// retried action must not act twice either (a second <c>rotate-secret</c> would end the first secret's overlap, a
    /// second <c>ping</c> or <c>redeliver</c> would send twice). GET, PUT, PATCH and DELETE are idempotent by their
    /// semantics, and the apex's POSTs have no tenant schema to keep records in.
    /// </summary>
    public static bool AcceptsIdempotencyKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint() is RouteEndpoint;
    }

    private async Task RunAndStoreAsync(HttpContext context, AllianceDbContext db, Guid allianceId, Guid keyId, string key)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var records = db.Set<IdempotencyRecord>();
        // The handler's writes and the completed record commit in this one transaction (handlers join it through
        // WriteTransactions.BeginWriteAsync). So a failure anywhere, the commit included, leaves either both (a retry
        // replays the stored answer) or neither (the claim is released, or later taken over, and a retry runs anew).
        // Before, a write could commit while storing its answer failed, and a retry after the lease ran it twice.
        var transaction = await db.Database.BeginTransactionAsync(context.RequestAborted);
        try
        {
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var status = context.Response.StatusCode;
            if (status >= 500)
            {
                await AbandonAsync(transaction, records, keyId, key);
            }
            else
            {
                var body = StoredResponseBody.Seal(buffer.ToArray(), BearerToken.Read(context.Request), allianceId, key);
                var contentType = context.Response.ContentType;
                var location = context.Response.Headers.Location.ToString();
                var now = clock.GetUtcNow();
                // CancellationToken.None from here: the handler is done, so its result is committed and stored even if
                // the client has gone.
                await records.Where(r => r.KeyId == keyId && r.IdempotencyKey == key).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.State, IdempotencyState.Completed)
                    .SetProperty(r => r.StatusCode, status)
                    .SetProperty(r => r.ContentType, contentType)
                    .SetProperty(r => r.Location, location.Length == 0 ? null : location)
                    .SetProperty(r => r.ResponseBody, body)
                    .SetProperty(r => r.CompletedAt, now), CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                await transaction.DisposeAsync();
                await PurgeExpiredAsync(db, now);
            }
        }
        catch
        {
            // Nothing committed (or, if the commit's answer was lost, the record says Completed and the release below
            // leaves it alone): the claim is released so that the client's retry runs.
            await AbandonAsync(transaction, records, keyId, key);
            throw;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private async Task AbandonAsync(IDbContextTransaction transaction, DbSet<IdempotencyRecord> records, Guid keyId, string key)
    {
        try
        {
            // Disposing an uncommitted transaction rolls it back; a second dispose does nothing.
            await transaction.DisposeAsync();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            LogReleaseFailed(logger, e);
        }

        await ReleaseAsync(records, keyId, key);
    }

    private async Task ReleaseAsync(DbSet<IdempotencyRecord> records, Guid keyId, string key)
    {
        try
        {
            await records.Where(r => r.KeyId == keyId && r.IdempotencyKey == key && r.State == IdempotencyState.InProgress)
                .ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            // The claim then expires by itself (AbandonedAfter); the original failure is what the caller must see.
            LogReleaseFailed(logger, e);
        }
    }

    /// <summary>A small batch per completed request keeps the table at about one day of keys without a separate job.</summary>
    private async Task PurgeExpiredAsync(AllianceDbContext db, DateTimeOffset now)
    {
        try
        {
            await db.Database.ExecuteSqlAsync(
                $"DELETE FROM idempotency_records WHERE ctid IN (SELECT ctid FROM idempotency_records WHERE expires_at <= {now} LIMIT 20)",
                CancellationToken.None);
        }
        catch (Exception e) when (Alliances.Api.Infrastructure.Database.DatabaseFailures.IsTransient(e))
        {
            // Housekeeping only: the request is committed and answered; the next completed request purges instead.
            LogReleaseFailed(logger, e);
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record, Guid allianceId, string key)
    {
        var body = record.ResponseBody is { } stored ? StoredResponseBody.Open(stored, BearerToken.Read(context.Request), allianceId, key) : [];
        context.Response.StatusCode = record.StatusCode ?? StatusCodes.Status200OK;
        if (record.ContentType is not null)
        {
            context.Response.ContentType = record.ContentType;
        }

        if (record.Location is not null)
        {
            context.Response.Headers.Location = record.Location;
        }

        context.Response.Headers[ReplayedHeader] = "true";
        if (body.Length > 0)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    internal static async Task<byte[]> HashRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n{request.ContentType}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    private static async Task WriteProblemAsync(HttpContext context, IProblemDetailsService problems, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release an idempotency claim; it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
