using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace Alliances.Tenancy.Hosts;

/// <summary>Decides whether a single DNS label may be used as an alliance subdomain.</summary>
/// <remarks>
/// <para>
/// <see cref="Check(string)"/> folds ASCII upper case to lower case before applying any rule, so <c>Seattle</c> and
/// <c>seattle</c> get the same verdict. Callers that store a label must store the lower-case form.
/// </para>
/// <para>
/// Rules are applied in a fixed order and the first violation wins: empty, too-long, invalid-characters,
/// leading-hyphen, trailing-hyphen, double-hyphen-at-3-4. The reserved list is consulted only for well-formed labels.
/// </para>
/// </remarks>
public static class SubdomainRules
{
    /// <summary>RFC 1035 §2.3.4: a label is at most 63 octets.</summary>
    public const int MaxLabelLength = 63;

    // Letters of both cases are accepted here because folding happens after this scan; anything else is not LDH.
    private static readonly SearchValues<char> LettersDigitsHyphen =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    private static readonly SubdomainVerdict EmptyVerdict =
        SubdomainVerdict.Invalid(SubdomainRuleCodes.Empty, "A subdomain needs at least one character.");

    private static readonly SubdomainVerdict TooLongVerdict =
        SubdomainVerdict.Invalid(SubdomainRuleCodes.TooLong, "A subdomain can be at most 63 characters long.");

    private static readonly SubdomainVerdict InvalidCharactersVerdict = SubdomainVerdict.Invalid(
        SubdomainRuleCodes.InvalidCharacters, "A subdomain may contain only the letters a-z, the digits 0-9 and hyphens.");

    private static readonly SubdomainVerdict LeadingHyphenVerdict =
        SubdomainVerdict.Invalid(SubdomainRuleCodes.LeadingHyphen, "A subdomain cannot start with a hyphen.");

    private static readonly SubdomainVerdict TrailingHyphenVerdict =
        SubdomainVerdict.Invalid(SubdomainRuleCodes.TrailingHyphen, "A subdomain cannot end with a hyphen.");

    private static readonly SubdomainVerdict DoubleHyphenVerdict = SubdomainVerdict.Invalid(
        SubdomainRuleCodes.DoubleHyphenAt3And4,
        "A subdomain cannot have hyphens in both the third and fourth positions (that shape is reserved for encodings such as xn--).");

    private static readonly FrozenSet<string> Reserved = new[]
    {
        // Conventional service hosts that users, mail clients and monitoring expect to belong to the operator.
        "www", "www1", "www2", "api", "admin", "app", "platform", "alliances", "root", "system", "internal",
        "status", "docs", "blog", "help", "support", "billing", "dashboard", "metrics", "health",
        // Mail and DNS infrastructure: an alliance owning these could intercept mail or confuse resolvers.
        "mail", "email", "webmail", "smtp", "imap", "pop", "pop3", "mx", "ftp", "dns", "ns", "ns1", "ns2", "ns3", "ns4",
        "mta-sts",
        // Clients probe these names automatically (Outlook, Thunderbird, WPAD/ISATAP proxy discovery); whoever owns
        // them gets traffic and sometimes credentials from machines that never chose to visit.
        "autodiscover", "autoconfig", "wpad", "isatap",
        // Static content and sign-in hosts: a look-alike tenant here is a phishing kit.
        "cdn", "static", "assets", "auth", "login", "sso", "account", "accounts", "signup",
        // Environments and loopback names that must never resolve to a tenant.
        "localhost", "test", "dev", "staging",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Looking up a span avoids allocating a string for every request just to ask "is this reserved?".
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ReservedBySpan =
        Reserved.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Lower-case names that are well formed but can never be claimed by an alliance.</summary>
    public static IReadOnlySet<string> ReservedNames => Reserved;

    /// <summary>Checks a label; a null label is treated as empty rather than throwing.</summary>
    public static SubdomainVerdict Check(string label) => Check(label.AsSpan());

    /// <summary>Checks a label without allocating; see the type remarks for folding and rule order.</summary>
    public static SubdomainVerdict Check(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty)
        {
            return EmptyVerdict;
        }

        if (label.Length > MaxLabelLength)
        {
            return TooLongVerdict;
        }

        if (label.ContainsAnyExcept(LettersDigitsHyphen))
        {
            return InvalidCharactersVerdict;
        }

        if (label[0] == '-')
        {
            return LeadingHyphenVerdict;
        }

        if (label[^1] == '-')
        {
            return TrailingHyphenVerdict;
        }

        // RFC 5891 §4.2.3.1: hyphens in BOTH the 3rd and 4th positions (1-based). "a--b" has them in 2 and 3 and is fine.
        if (label.Length >= 4 && label[2] == '-' && label[3] == '-')
        {
            return DoubleHyphenVerdict;
        }

        Span<char> folded = stackalloc char[MaxLabelLength];
        Ascii.ToLower(label, folded, out var written);

        return ReservedBySpan.Contains(folded[..written]) ? SubdomainVerdict.Reserved : SubdomainVerdict.Valid;
    }
}
