namespace Alliances.Tenancy.Hosts;

/// <summary>Stable kebab-case codes explaining why a request host was rejected.</summary>
/// <remarks>These strings appear in 4xx problem-details responses and logs: never rename one, only add.</remarks>
public static class HostRejectionReasons
{
    /// <summary>The host is a DNS name, but not the apex and not below it.</summary>
    public const string NotUnderApex = "not-under-apex";

    /// <summary>The host is below the apex by more than one label (<c>a.b.{apex}</c>).</summary>
    public const string TooManyLabels = "too-many-labels";

    /// <summary>The part left of the apex contains an empty label (<c>.{apex}</c>, <c>a..{apex}</c>).</summary>
    public const string EmptyLabel = "empty-label";

    /// <summary>The single label left of the apex breaks a <see cref="SubdomainRules"/> rule.</summary>
    public const string InvalidLabel = "invalid-label";

    /// <summary>The host is an IPv4 or IPv6 address rather than a name.</summary>
    public const string IpLiteral = "ip-literal";

    /// <summary>The Host header could not be parsed at all (missing, bad port, forbidden characters, too long).</summary>
    public const string Malformed = "malformed";
}
