namespace Alliances.Tenancy.Hosts;

/// <summary>Stable kebab-case codes naming the RFC 1123 label rule a candidate subdomain violated.</summary>
/// <remarks>
/// These strings leave the process (problem-details responses, logs, the CLI), so they are part of the public contract:
/// never rename one, only add.
/// </remarks>
public static class SubdomainRuleCodes
{
    /// <summary>The label has no characters.</summary>
    public const string Empty = "empty";

    /// <summary>The label is longer than <see cref="SubdomainRules.MaxLabelLength"/> characters.</summary>
    public const string TooLong = "too-long";

    /// <summary>The label contains something other than ASCII letters, digits and hyphens.</summary>
    public const string InvalidCharacters = "invalid-characters";

    /// <summary>The label starts with a hyphen.</summary>
    public const string LeadingHyphen = "leading-hyphen";

    /// <summary>The label ends with a hyphen.</summary>
    public const string TrailingHyphen = "trailing-hyphen";

    /// <summary>The label has hyphens in both the third and fourth positions (RFC 5891 §4.2.3.1), e.g. <c>xn--</c>.</summary>
    public const string DoubleHyphenAt3And4 = "double-hyphen-at-3-4";
}
