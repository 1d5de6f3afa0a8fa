using System.Diagnostics.CodeAnalysis;

namespace Alliances.Tenancy.Hosts;

/// <summary>The outcome of checking one candidate subdomain label with <see cref="SubdomainRules"/>.</summary>
/// <remarks>
/// Every verdict is a cached singleton (one per rule, plus Valid and Reserved), so checking a label on the request
/// path never allocates. Compare <see cref="Kind"/> rather than references when writing new code.
/// </remarks>
public sealed class SubdomainVerdict
{
    private SubdomainVerdict(SubdomainVerdictKind kind, string? rule, string? message)
    {
        Kind = kind;
        Rule = rule;
        Message = message;
    }

    /// <summary>The label is well formed and not reserved: it may be claimed.</summary>
    public static SubdomainVerdict Valid { get; } = new(SubdomainVerdictKind.Valid, rule: null, message: null);

    /// <summary>The label is well formed but belongs to the platform and can never be claimed.</summary>
    public static SubdomainVerdict Reserved { get; } =
        new(SubdomainVerdictKind.Reserved, rule: null, message: "This name is reserved by the platform and cannot be claimed.");

    public SubdomainVerdictKind Kind { get; }

    /// <summary>One of <see cref="SubdomainRuleCodes"/> when <see cref="Kind"/> is Invalid; otherwise null.</summary>
    public string? Rule { get; }

    /// <summary>A sentence fit to show the person who typed the label; null when the label is valid.</summary>
    public string? Message { get; }

    [MemberNotNullWhen(true, nameof(Rule), nameof(Message))]
    public bool IsInvalid => Kind == SubdomainVerdictKind.Invalid;

    public override string ToString() => Rule is null ? Kind.ToString() : $"{Kind} ({Rule})";

    internal static SubdomainVerdict Invalid(string rule, string message) => new(SubdomainVerdictKind.Invalid, rule, message);
}
