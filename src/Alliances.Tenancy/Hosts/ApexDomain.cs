using System.Buffers;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Alliances.Tenancy.Hosts;

/// <summary>The configured apex domain, which classifies every request host as platform, alliance or rejected.</summary>
/// <remarks>
/// Built once at startup. The constructor throws for a bad apex so misconfiguration fails the deployment; the
/// classify methods never throw, whatever the client sends.
/// </remarks>
public sealed class ApexDomain
{
    /// <summary>The configuration key holding the apex, e.g. <c>alliances.example</c>.</summary>
    public const string ConfigurationKey = "Alliances:ApexDomain";

    /// <summary>The apex used when configuration does not set one, so that <c>seattle.localhost:5080</c> works in development.</summary>
    public const string DefaultApex = "localhost";

    private static readonly SearchValues<char> LowerLettersDigitsHyphen =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    private readonly string _name;

    /// <summary>Creates an apex from a DNS name; it is normalised like a host, so Unicode and upper case are accepted.</summary>
    /// <exception cref="ArgumentException">The apex is empty, has a port, is an IP address or is not a valid DNS name.</exception>
    public ApexDomain(string apex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apex);

        // A port or IP literal would normalise successfully as a *host*, but can never be an apex under which
        // "{subdomain}.{apex}" is a name.
        if (apex.Contains(':', StringComparison.Ordinal)
            || !HostNormalizer.TryNormalize(apex, out var normalized)
            || !IsDnsName(normalized))
        {
            throw new ArgumentException(
                $"'{apex}' is not a usable apex domain: expected a DNS name such as 'alliances.example' without port or scheme.",
                nameof(apex));
        }

        _name = normalized;
    }

    /// <summary>The normalised apex: lower-case ASCII (punycode for Unicode names), no port, no trailing dot.</summary>
    public string Name => _name;

    /// <summary>Reads <see cref="ConfigurationKey"/>, falling back to <see cref="DefaultApex"/> when it is missing or blank.</summary>
    public static ApexDomain FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[ConfigurationKey];
        return new ApexDomain(string.IsNullOrWhiteSpace(configured) ? DefaultApex : configured);
    }

    /// <summary>Normalises a raw Host header value and classifies it; a header that cannot be normalised is <c>malformed</c>.</summary>
    public HostClassification ClassifyRaw(string? rawHostHeader)
    {
        Span<char> buffer = stackalloc char[HostNormalizer.MaxHostLength];
        return HostNormalizer.TryNormalize(rawHostHeader.AsSpan(), buffer, out var written)
            ? Classify(buffer[..written])
            : HostClassification.Rejected(HostRejectionReasons.Malformed);
    }

    /// <summary>Classifies a host already produced by <see cref="HostNormalizer"/>.</summary>
    public HostClassification Classify(string normalizedHost) => Classify(normalizedHost.AsSpan());

    /// <summary>Classifies a host already produced by <see cref="HostNormalizer"/>; only an alliance result allocates.</summary>
    /// <remarks>
    /// The input must already be normalised: the apex is compared ordinally, so an upper-case or ported host is simply
    /// "not under the apex" here. Use <see cref="ClassifyRaw"/> for header values.
    /// </remarks>
    public HostClassification Classify(ReadOnlySpan<char> normalizedHost)
    {
        if (normalizedHost.IsEmpty)
        {
            return HostClassification.Rejected(HostRejectionReasons.Malformed);
        }

        // The apex is validated to end in a non-numeric label, so an IP-shaped host can never be the apex or below it.
        if (normalizedHost[0] == '[' || EndsInNumber(normalizedHost))
        {
            return HostClassification.Rejected(HostRejectionReasons.IpLiteral);
        }

        if (normalizedHost.SequenceEqual(_name))
        {
            return HostClassification.Platform;
        }

        // The dot is part of the suffix: "evilalliances.test" ends with "alliances.test" but is not under it.
        var suffixLength = _name.Length + 1;
        if (normalizedHost.Length < suffixLength
            || !normalizedHost.EndsWith(_name, StringComparison.Ordinal)
            || normalizedHost[^suffixLength] != '.')
        {
            return HostClassification.Rejected(HostRejectionReasons.NotUnderApex);
        }

        var left = normalizedHost[..^suffixLength];
        if (left.IsEmpty || left[0] == '.' || left[^1] == '.' || left.Contains("..", StringComparison.Ordinal))
        {
            return HostClassification.Rejected(HostRejectionReasons.EmptyLabel);
        }

        if (left.Contains('.'))
        {
            return HostClassification.Rejected(HostRejectionReasons.TooManyLabels);
        }

        // Reserved labels still classify as alliances: the host is alliance-shaped, and the catalog 404s it because
        // nobody can ever have claimed it. Keeping that decision in one place (the catalog) avoids two sources of truth.
        var verdict = SubdomainRules.Check(left);
        if (verdict.IsInvalid)
        {
            return HostClassification.RejectedInvalidLabel(verdict.Rule);
        }

        // Fold again so that Subdomain is lower case even if a caller skipped normalisation; Check allowed only LDH.
        Span<char> folded = stackalloc char[SubdomainRules.MaxLabelLength];
        Ascii.ToLower(left, folded, out var written);
        return HostClassification.Alliance(new string(folded[..written]));
    }

    public override string ToString() => _name;

    // WHATWG URL rules treat a host whose last label is decimal or 0x-hex as IPv4 ("127.1", "0x7f.1"), so do we.
    private static bool EndsInNumber(ReadOnlySpan<char> host)
    {
        var last = host[(host.LastIndexOf('.') + 1)..];
        if (last.IsEmpty)
        {
            return false;
        }

        return last.Length >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X')
            ? AllMatch(last[2..], hex: true)
            : AllMatch(last, hex: false);
    }

    // A plain loop rather than IndexOfAnyExceptInRange: the last label is a handful of characters, and the vectorised
    // helper was measured allocating 96 bytes per call before tiered compilation optimised it.
    private static bool AllMatch(ReadOnlySpan<char> value, bool hex)
    {
        foreach (var c in value)
        {
            if (!(hex ? char.IsAsciiHexDigit(c) : char.IsAsciiDigit(c)))
            {
                return false;
            }
        }

        return true;
    }

    // An apex must be LDH labels (RFC 1123) whose last label is not numeric; punycode labels (xn--) are allowed here.
    private static bool IsDnsName(string host)
    {
        if (host[0] == '[' || EndsInNumber(host))
        {
            return false;
        }

        foreach (var range in host.AsSpan().Split('.'))
        {
            var label = host.AsSpan(range);
            if (label.IsEmpty
                || label.Length > SubdomainRules.MaxLabelLength
                || label[0] == '-'
                || label[^1] == '-'
                || label.ContainsAnyExcept(LowerLettersDigitsHyphen))
            {
                return false;
            }
        }

        return true;
    }
}
