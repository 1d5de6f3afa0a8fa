using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Alliances.Tenancy.Hosts;

/// <summary>Turns a raw Host header value into the canonical lower-case ASCII form that <see cref="ApexDomain"/> classifies.</summary>
/// <remarks>
/// <para>
/// Normalisation drops a valid port, folds case, drops exactly one trailing dot (the fully-qualified spelling of the
/// same name) and converts Unicode labels to punycode. IPv6 literals keep their brackets (<c>[::1]:5080</c> becomes
/// <c>[::1]</c>) so that the classifier can recognise and reject them.
/// </para>
/// <para>
/// It returns false, and never throws, for anything that cannot be a host name: empty input, whitespace or control
/// characters, characters outside letters/digits/<c>-</c>/<c>.</c>/<c>_</c> (so <c>@</c>, <c>/</c>, <c>%</c>, <c>*</c>),
/// an empty or non-numeric port, two trailing dots, or a result longer than <see cref="MaxHostLength"/>.
/// Underscores are let through because they are legal in DNS; the classifier rejects them as an invalid label.
/// </para>
/// <para>
/// The app runs with InvariantGlobalization, where <see cref="IdnMapping"/> is a plain punycode encoder without
/// UTS #46 mapping or NFC normalisation. Non-ASCII hosts are therefore lower-cased with invariant casing first so that
/// <c>BÜCHER</c> and <c>bücher</c> agree. Any punycode label left of the apex fails the
/// <see cref="SubdomainRuleCodes.DoubleHyphenAt3And4"/> rule, so Unicode alliance names are rejected by design.
/// </para>
/// </remarks>
public static class HostNormalizer
{
    /// <summary>RFC 1035 caps a name at 255 octets on the wire, which is 253 characters in dotted text form.</summary>
    public const int MaxHostLength = 253;

    // The only characters a normalised host may contain (IPv6 literals are handled separately).
    private static readonly SearchValues<char> HostNameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._");

    /// <summary>Normalises <paramref name="rawHost"/> into a new string; <paramref name="normalized"/> is empty on failure.</summary>
    public static bool TryNormalize(ReadOnlySpan<char> rawHost, out string normalized)
    {
        Span<char> buffer = stackalloc char[MaxHostLength];
        if (TryNormalize(rawHost, buffer, out var written))
        {
            normalized = new string(buffer[..written]);
            return true;
        }

        normalized = string.Empty;
        return false;
    }

    /// <summary>
    /// Normalises <paramref name="rawHost"/> into <paramref name="destination"/> without allocating for ASCII hosts.
    /// Returns false if the host is invalid or does not fit; a buffer of <see cref="MaxHostLength"/> always suffices.
    /// </summary>
    public static bool TryNormalize(ReadOnlySpan<char> rawHost, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        if (rawHost.IsEmpty)
        {
            return false;
        }

        if (rawHost[0] == '[')
        {
            return TryNormalizeIpv6Literal(rawHost, destination, out charsWritten);
        }

        var host = rawHost;
        var colon = rawHost.IndexOf(':');
        if (colon >= 0)
        {
            // A second colon lands in the port and fails there, which also rejects unbracketed IPv6 such as "::1".
            if (!IsValidPort(rawHost[(colon + 1)..]))
            {
                return false;
            }

            host = rawHost[..colon];
        }

        // Exactly one trailing dot is dropped; a second one would mean an empty last label and is left to fail below.
        if (!host.IsEmpty && host[^1] == '.')
        {
            host = host[..^1];
        }

        // Punycode is never shorter than its Unicode source, so this bound also protects the IDN path from huge input.
        if (host.Length > MaxHostLength)
        {
            return false;
        }

        return Ascii.IsValid(host)
            ? TryWriteAsciiHost(host, destination, out charsWritten)
            : TryWriteUnicodeHost(host, destination, out charsWritten);
    }

    private static bool TryWriteAsciiHost(ReadOnlySpan<char> host, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        if (host.IsEmpty
            || host.Length > MaxHostLength
            || host.Length > destination.Length
            || host[^1] == '.'
            || host.ContainsAnyExcept(HostNameCharacters))
        {
            return false;
        }

        return Ascii.ToLower(host, destination, out charsWritten) == OperationStatus.Done;
    }

    // Rare path: only hosts containing non-ASCII characters get here, so allocating a few strings is acceptable.
    private static bool TryWriteUnicodeHost(ReadOnlySpan<char> host, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        foreach (var c in host)
        {
            // IdnMapping happily punycodes invisible and space-like characters (U+00A0, U+200B, U+2028); refuse them
            // here so that a header padded with Unicode whitespace is malformed rather than a strange label.
            if (c > '\x7f' && (char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format))
            {
                return false;
            }
        }

        Span<char> lowered = stackalloc char[host.Length];
        if (host.ToLowerInvariant(lowered) != host.Length)
        {
            return false;
        }

        string ascii;
        try
        {
            // A fresh instance per call: IdnMapping is mutable and not documented as thread-safe, and this path is rare.
            ascii = new IdnMapping().GetAscii(new string(lowered));
        }
        catch (ArgumentException)
        {
            // Lone surrogates, empty or over-long labels and similar: the header is not a host name.
            return false;
        }

        // The mapping can introduce dots (U+3002 becomes '.'), so the result goes through the full ASCII validation.
        return TryWriteAsciiHost(ascii, destination, out charsWritten);
    }

    private static bool TryNormalizeIpv6Literal(ReadOnlySpan<char> rawHost, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        var close = rawHost.IndexOf(']');
        if (close < 0)
        {
            return false;
        }

        var rest = rawHost[(close + 1)..];
        if (!rest.IsEmpty && (rest[0] != ':' || !IsValidPort(rest[1..])))
        {
            return false;
        }

        // Brackets are only legal around IPv6 (RFC 3986 §3.2.2); "[127.0.0.1]" or "[evil.com]" are garbage.
        var literal = rawHost[..(close + 1)];
        if (literal.Length > MaxHostLength
            || !IPAddress.TryParse(literal[1..^1], out var address)
            || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        return literal.Length <= destination.Length && Ascii.ToLower(literal, destination, out charsWritten) == OperationStatus.Done;
    }

    // RFC 3986 allows an empty port, but no real client sends one; rejecting it leaves exactly one spelling per host:port.
    private static bool IsValidPort(ReadOnlySpan<char> port)
    {
        if (port.IsEmpty || port.Length > 5)
        {
            return false;
        }

        var value = 0;
        foreach (var c in port)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return value <= ushort.MaxValue;
    }
}
