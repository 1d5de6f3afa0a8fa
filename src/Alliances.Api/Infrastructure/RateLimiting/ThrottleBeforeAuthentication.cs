using Alliances.Api.Features.ApiKeys;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Tenancy.Context;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// Runs between tenant resolution and authentication, so that a flood of rejections costs no database round trip
/// (authenticating a key is one). Two cases get the limiter's own 429 at once:
/// <list type="bullet">
/// <item>the alliance is over its ceiling (<see cref="ThrottledAlliances"/>), which no caller can pass;</item>
/// <item>the request's key is in <see cref="ThrottledKeys"/>;</item>
/// <item>the request presents a key and its client address has used up its failed-auth bucket (<see cref="ThrottledAddresses"/>).</item>
/// </list>
/// Any other request goes on, carrying its key's hash so that, should the limiter reject it, the rejection can be
/// remembered.
/// </summary>
/// <remarks>
/// The key is not verified here, and does not need to be: only a caller holding the key can present the hash of a
/// throttled key, and all it learns is what it learned from the previous 429. A key revoked while throttled is told
/// 429 until its window ends, and 401 after that.
/// </remarks>
public sealed class ThrottleBeforeAuthentication(
    RequestDelegate next, ThrottledAlliances alliances, ThrottledKeys throttled, ThrottledAddresses addresses, TimeProvider clock)
{
    // The tenant accessor is scoped (one per request), so it is taken per call, never in the constructor.
    public Task InvokeAsync(HttpContext context, ITenantContextAccessor tenants)
    {
        if (tenants.Current is not { } tenant)
        {
            return next(context);
        }

        if (alliances.Find(tenant.AllianceId) is { } allianceWindowEnd && RequestPartition.AllianceOf(context) is { } alliance)
        {
            return TooManyRequests.WriteAsync(context, alliance, SecondsUntil(allianceWindowEnd),
                callerUnknown: context.Request.Headers.Authorization.Count > 0);
        }

        // An address whose failed authentications used up its bucket: any key it presents is refused unlooked-at until
        // the window ends (a caller behind the same address with a good key waits too; anonymous requests do not).
        if (context.Request.Headers.Authorization.Count > 0 && addresses.Find(ClientAddress.Of(context)) is { } addressWindowEnd)
        {
            return TooManyRequests.WriteAsync(context, RequestPartition.FailedAuthOf(context), SecondsUntil(addressWindowEnd));
        }

        if (PresentedKeyHash.Read(context.Request) is not { } hash)
        {
            return next(context);
        }

        context.Features.Set(hash);
        if (throttled.Find(tenant.AllianceId, hash.Value) is not { } throttle)
        {
            return next(context);
        }

        return TooManyRequests.WriteAsync(context, throttle.Partition, SecondsUntil(throttle.WindowEnd));
    }

    private int SecondsUntil(DateTimeOffset windowEnd) => (int)Math.Max(1, Math.Ceiling((windowEnd - clock.GetUtcNow()).TotalSeconds));
}

/// <summary>The SHA-256 of the well-formed API key a request presents as <c>Authorization: Bearer …</c>.</summary>
public sealed record PresentedKeyHash(byte[] Value)
{
    public static PresentedKeyHash? Read(HttpRequest request) =>
        BearerToken.Read(request) is { } token && ApiKeySecret.LooksLikeKey(token) ? new PresentedKeyHash(ApiKeySecret.Hash(token)) : null;
}
