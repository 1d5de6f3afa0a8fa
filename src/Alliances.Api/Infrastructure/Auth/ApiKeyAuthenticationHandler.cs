using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Alliances.Api.Data;
using Alliances.Api.Features.ApiKeys;
using Alliances.Api.Infrastructure.Problems;
using Alliances.Tenancy.Context;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliances.Api.Infrastructure.Auth;

/// <summary>
/// <c>Authorization: Bearer …</c>. On an alliance host the key is looked up, by hash, in that alliance's own schema,
/// so a key of another alliance simply does not exist here. On the apex only the operator key is accepted. Every
/// failure (malformed, unknown, revoked, expired, foreign) gets the same 401 body, so a caller learns nothing about
/// which keys exist.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ITenantContextAccessor tenants,
    OperatorKey operatorKey,
    RefusedKeys refusedKeys,
    AllianceDbContext db,
    TimeProvider clock,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary><c>lastUsedAt</c> is written at most this often per key, so reads do not turn into writes.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const string FailureMessage = "Invalid credentials.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var result = await AuthenticateKeyAsync();
        // On an alliance host a failed key is counted per client address, not as the alliance's anonymous traffic.
        if (result.Failure is not null && tenants.Current is not null)
        {
            FailedAuthentication.Mark(Context);
        }

        return result;
    }

    private async Task<AuthenticateResult> AuthenticateKeyAsync()
    {
        if (Request.Headers.Authorization.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (BearerToken.Read(Request) is not { } token)
        {
            return AuthenticateResult.Fail(FailureMessage);
        }

        var tenant = tenants.Current;
        if (tenant is null)
        {
            return operatorKey.Matches(token) ? Success(new Claim(AllianceClaims.Role, AllianceClaims.OperatorRole)) : AuthenticateResult.Fail(FailureMessage);
        }

        if (!ApiKeySecret.LooksLikeKey(token))
        {
            return AuthenticateResult.Fail(FailureMessage);
        }

        var hash = ApiKeySecret.Hash(token);
        if (refusedKeys.Contains(tenant.AllianceId, hash))
        {
            return AuthenticateResult.Fail(FailureMessage);
        }

        var key = await db.ApiKeys
            .Where(k => k.Hash == hash)
            .Select(k => new { k.Id, k.Role, k.SpaceId, k.Hash, k.ExpiresAt, k.RevokedAt, k.LastUsedAt })
            .FirstOrDefaultAsync(Context.RequestAborted);
        var now = clock.GetUtcNow();
        // The lookup is by hash (a unique index); the stored hash is compared again in constant time as a second lock.
        if (key is null || !CryptographicOperations.FixedTimeEquals(key.Hash, hash) || key.RevokedAt is not null || key.ExpiresAt <= now)
        {
            refusedKeys.Add(tenant.AllianceId, hash);
            return AuthenticateResult.Fail(FailureMessage);
        }

        if (key.LastUsedAt is null || now - key.LastUsedAt >= LastUsedResolution)
        {
            var staleBefore = now - LastUsedResolution;
            // The condition is repeated in SQL so that concurrent requests with the same key write once, not once each.
            await db.ApiKeys
                .Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= staleBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var claims = new List<Claim>
        {
            new(AllianceClaims.Role, AllianceClaims.RoleName(key.Role)),
            new(AllianceClaims.KeyId, key.Id.ToString()),
            new(AllianceClaims.AllianceId, tenant.AllianceId.ToString()),
        };
        if (key.SpaceId is { } spaceId)
        {
            claims.Add(new(AllianceClaims.SpaceId, spaceId.ToString()));
        }

        return Success([.. claims]);
    }

    private static AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, AllianceClaims.Role)), SchemeName));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"alliances\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = 401,
                Type = ProblemTypes.Unauthorized,
                Title = "Unauthorized",
                Detail = "This request needs a valid API key of this alliance: Authorization: Bearer alk_…",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = 403,
                Type = ProblemTypes.Forbidden,
                Title = "Forbidden",
                Detail = "Your key is valid but its role does not allow this action.",
            },
        });
    }
}
