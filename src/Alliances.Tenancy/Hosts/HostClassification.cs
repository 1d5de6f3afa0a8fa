using System.Diagnostics.CodeAnalysis;

namespace Alliances.Tenancy.Hosts;

/// <summary>The result of classifying a request host against the <see cref="ApexDomain"/>.</summary>
/// <remarks>
/// A value type so that classifying a request allocates nothing except the subdomain string of an alliance host.
/// <see cref="HostKind.Alliance"/> only means "alliance-shaped": reserved names such as <c>www</c> are classified as
/// alliances too, and the alliance catalog answers 404 for them because nobody can ever claim them.
/// </remarks>
public readonly record struct HostClassification
{
    private readonly string? _rejectionReason;

    private HostClassification(HostKind kind, string? subdomain, string? rejectionReason, string? invalidLabelRule)
    {
        Kind = kind;
        Subdomain = subdomain;
        _rejectionReason = rejectionReason;
        InvalidLabelRule = invalidLabelRule;
    }

    /// <summary>The host is the apex itself.</summary>
    public static HostClassification Platform { get; } = new(HostKind.Platform, subdomain: null, rejectionReason: null, invalidLabelRule: null);

    public HostKind Kind { get; }

    /// <summary>The lower-case alliance label when <see cref="Kind"/> is Alliance; otherwise null.</summary>
    public string? Subdomain { get; }

    /// <summary>One of <see cref="HostRejectionReasons"/> when <see cref="Kind"/> is Rejected; otherwise null.</summary>
    // A default(HostClassification) is Rejected with no stored reason; report it as malformed rather than null.
    public string? RejectionReason => Kind == HostKind.Rejected ? _rejectionReason ?? HostRejectionReasons.Malformed : null;

    /// <summary>For an <see cref="HostRejectionReasons.InvalidLabel"/> rejection, the violated <see cref="SubdomainRuleCodes"/> code.</summary>
    public string? InvalidLabelRule { get; }

    [MemberNotNullWhen(true, nameof(Subdomain))]
    public bool IsAlliance => Kind == HostKind.Alliance;

    [MemberNotNullWhen(true, nameof(RejectionReason))]
    public bool IsRejected => Kind == HostKind.Rejected;

    public static HostClassification Alliance(string subdomain)
    {
        ArgumentException.ThrowIfNullOrEmpty(subdomain);
        return new(HostKind.Alliance, subdomain, rejectionReason: null, invalidLabelRule: null);
    }

    public static HostClassification Rejected(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new(HostKind.Rejected, subdomain: null, reason, invalidLabelRule: null);
    }

    /// <summary>An <see cref="HostRejectionReasons.InvalidLabel"/> rejection that also names the broken label rule.</summary>
    public static HostClassification RejectedInvalidLabel(string rule)
    {
        ArgumentException.ThrowIfNullOrEmpty(rule);
        return new(HostKind.Rejected, subdomain: null, HostRejectionReasons.InvalidLabel, rule);
    }
}
