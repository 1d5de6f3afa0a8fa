using System.Net;
using System.Security.Claims;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Tenancy.Context;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// Which bucket a request draws from. On an alliance host: the alliance plus the calling key, or the alliance's shared
/// anonymous bucket; and then, for every request there, the alliance's ceiling (<see cref="AllianceOf"/>). Never the
/// IP alone there, so one alliance's clients behind a NAT do not starve another's. The apex has no alliance and no keys
/// (bar the operator's), so it falls back to the client IP.
/// </summary>
/// <remarks>
/// A value, not a string: the limiter looks partitions up several times a request (acquire, then the headers), and a
/// formatted key would be an allocation each time. <see cref="ToString"/> gives the readable form for logs.
/// </remarks>
public readonly record struct RequestPartition(string Policy, Guid AllianceId, Guid KeyId, IPAddress? Client)
{
    public const string KeyPolicy = "key";
    public const string AnonymousPolicy = "anonymous";
    public const string PlatformPolicy = "platform";
    public const string AlliancePolicy = "alliance";
    public const string FailedAuthPolicy = "failed-auth";

    /// <summary>The alliance's ceiling across all its callers, or null off an alliance host (and for health checks).</summary>
    public static RequestPartition? AllianceOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A request whose key failed is not the alliance's traffic: it counts in its address's failed-auth bucket only.
        if (IsHealthCheck(context.Request.Path) || FailedAuthentication.IsMarked(context))
        {
            return null;
        }

        return context.RequestServices.GetRequiredService<ITenantContextAccessor>().Current is { } tenant
            ? new RequestPartition(AlliancePolicy, tenant.AllianceId, Guid.Empty, null)
            : null;
    }

    public static RequestPartition? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsHealthCheck(context.Request.Path))
        {
            return null;
        }

        var tenant = context.RequestServices.GetRequiredService<ITenantContextAccessor>().Current;
        if (tenant is null)
        {
            // The operator's own bucket is told apart from every client address by its all-ones key id.
            return context.User.HasClaim(AllianceClaims.Role, AllianceClaims.OperatorRole)
                ? new RequestPartition(PlatformPolicy, Guid.Empty, Guid.AllBitsSet, null)
                : new RequestPartition(PlatformPolicy, Guid.Empty, Guid.Empty, context.Connection.RemoteIpAddress);
        }

        if (FailedAuthentication.IsMarked(context))
        {
            return FailedAuthOf(context);
        }

        return context.User.KeyIdOf() is { } keyId
            ? new RequestPartition(KeyPolicy, tenant.AllianceId, keyId, null)
            : new RequestPartition(AnonymousPolicy, tenant.AllianceId, Guid.Empty, null);
    }

    /// <summary>The failed-auth bucket of the request's client address.</summary>
    public static RequestPartition FailedAuthOf(HttpContext context) =>
        new(FailedAuthPolicy, Guid.Empty, Guid.Empty, ClientAddress.Of(context));

    public override string ToString() => Policy switch
    {
        FailedAuthPolicy => $"failed-auth:ip:{Client}",
        KeyPolicy => $"alliance:{AllianceId:N}:key:{KeyId:N}",
        AnonymousPolicy => $"alliance:{AllianceId:N}:anonymous",
        AlliancePolicy => $"alliance:{AllianceId:N}",
        _ => KeyId == Guid.AllBitsSet ? "platform:operator" : $"platform:ip:{Client}",
    };

    private static bool IsHealthCheck(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
