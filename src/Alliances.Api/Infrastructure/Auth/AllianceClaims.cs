using System.Security.Claims;
using Alliances.Api.Data.Entities;

namespace Alliances.Api.Infrastructure.Auth;

/// <summary>Claim types on an authenticated caller, and helpers to read them back.</summary>
public static class AllianceClaims
{
    public const string Role = "alliances:role";
    public const string KeyId = "alliances:key_id";
    public const string SpaceId = "alliances:space_id";
    public const string AllianceId = "alliances:alliance_id";
    public const string OperatorRole = "operator";

    public static string RoleName(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Organizer => "organizer",
        ApiKeyRole.SpaceOwner => "space_owner",
        ApiKeyRole.Integration => "integration",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static Guid? KeyIdOf(this ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(KeyId), out var id) ? id : null;

    public static Guid? SpaceIdOf(this ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(SpaceId), out var id) ? id : null;

    public static bool IsOrganizer(this ClaimsPrincipal user) => user?.HasClaim(Role, "organizer") == true;
}
