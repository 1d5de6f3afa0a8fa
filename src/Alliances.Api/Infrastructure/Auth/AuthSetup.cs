using Alliances.Api.Infrastructure.RateLimiting;
using Alliances.Tenancy.Extensions;
using Microsoft.AspNetCore.Authentication;

namespace Alliances.Api.Infrastructure.Auth;

/// <summary>API-key authentication, the role policies, and the order in which tenancy and auth run.</summary>
public static class AuthSetup
{
    public static IServiceCollection AddAlliancesAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OperatorKey>();
        services.AddSingleton<RefusedKeys>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Operator, p => p.RequireClaim(AllianceClaims.Role, AllianceClaims.OperatorRole))
            .AddPolicy(Policies.Organizer, p => p.RequireClaim(AllianceClaims.Role, "organizer"))
            .AddPolicy(Policies.Member, p => p.RequireClaim(AllianceClaims.Role, "organizer", "space_owner"))
            .AddPolicy(Policies.Reader, p => p.RequireClaim(AllianceClaims.Role, "organizer", "space_owner", "integration"));
        return services;
    }

    /// <summary>
    /// host → tenant resolution → (alliance over its ceiling or key throttled? 429) → authentication → rate limit (per key) → authorization (docs/architecture.md, "The request flow").
    /// </summary>
    public static WebApplication UseAlliancesTenancyAndAuth(this WebApplication app)
    {
        app.UseMiddleware<KeyInQueryStringGuard>();
        app.UseTenantResolution();
        app.UseThrottleBeforeAuthentication();
        app.UseAuthentication();
        // Rate limiting before the invalid-key check: a caller guessing keys is limited in its client address's
        // failed-auth bucket (never the alliance's anonymous quota), and its 401s carry that bucket's headers.
        app.UseAlliancesRateLimiting();
        app.UseMiddleware<RejectInvalidCredentials>();
        app.UseAuthorization();
        app.UseMiddleware<DeclaredPolicyGuard>();
        return app;
    }
}
