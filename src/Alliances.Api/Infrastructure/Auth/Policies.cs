namespace Alliances.Api.Infrastructure.Auth;

/// <summary>
/// Authorization policy names. Every route declares one of these or <c>AllowAnonymous</c>; a route that declares
/// neither is refused at start-up (see <see cref="DeclaredPolicyGuard"/>).
/// </summary>
public static class Policies
{
    /// <summary>The platform operator, with the operator key, on the apex only.</summary>
    public const string Operator = "operator";

    /// <summary>An organizer key of this alliance: everything within it.</summary>
    public const string Organizer = "organizer";

    /// <summary>Organizers and space owners: RSVP, propose and vote. Space edits add a per-space check in the handler.</summary>
    public const string Member = "member";

    /// <summary>Any valid key of this alliance (organizer, space owner, integration): reads beyond the public data.</summary>
    public const string Reader = "reader";
}
