namespace Alliances.Api.Infrastructure.Auth;

/// <summary>
/// Marks a request whose presented key failed authentication, so the rate limiter counts it in the failed-auth bucket
/// of its client address instead of the alliance's anonymous quota (which a flood of bad keys would otherwise use up
/// for every anonymous reader of the alliance).
/// </summary>
public static class FailedAuthentication
{
    private static readonly object Marker = new();

    public static void Mark(HttpContext context) => context.Items[Marker] = true;

    public static bool IsMarked(HttpContext context) => context.Items.ContainsKey(Marker);
}
