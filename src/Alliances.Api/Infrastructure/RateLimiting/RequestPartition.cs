using System.Security.Claims;
using Alliances.Api.Infrastructure.Auth;
using Alliances.Tenancy.Context;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// Which bucket a request draws from. On an alliance host: the alliance plus the calling key, or the alliance's shared
/// anonymous bucket; and then, for every request there, the alliance's ceiling (<see cref="AllianceOf"/>). Never the IP alone there, so one alliance's clients behind a NAT do not starve another's. The
/// apex has no alliance and no keys (bar the operator's), so it falls back to the client IP.
/// </summary>
public readonly record struct RequestPartition(string Key, string Policy)
{
    public const string KeyPolicy = "key";
    public const string AnonymousPolicy = "anonymous";
    public const string PlatformPolicy = "platform";
    public const string AlliancePolicy = "alliance";

    /// <summary>The alliance's ceiling across all its callers, or null off an alliance host (and for health checks).</summary>
    public static RequestPartition? AllianceOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsHealthCheck(context.Request.Path))
        {
            return null;
        }

        return context.RequestServices.GetRequiredService<ITenantContextAccessor>().Current is { } tenant
            ? new RequestPartition($"alliance:{tenant.AllianceId:N}", AlliancePolicy)
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
            return context.User.HasClaim(AllianceClaims.Role, AllianceClaims.OperatorRole)
                ? new RequestPartition("platform:operator", PlatformPolicy)
                : new RequestPartition($"platform:ip:{context.Connection.RemoteIpAddress}", PlatformPolicy);
        }

        return context.User.KeyIdOf() is { } keyId
            ? new RequestPartition($"alliance:{tenant.AllianceId:N}:key:{keyId:N}", KeyPolicy)
            : new RequestPartition($"alliance:{tenant.AllianceId:N}:anonymous", AnonymousPolicy);
    }

    private static bool IsHealthCheck(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
