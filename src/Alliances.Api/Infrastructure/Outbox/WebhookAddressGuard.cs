using System.Net;
using System.Net.Sockets;

namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>
/// Which addresses a webhook may reach (SSRF). IPv4: everything except a deny-list of loopback, private, link-local
/// (cloud metadata at 169.254.169.254), CGNAT, multicast, broadcast, documentation, benchmarking and reserved ranges.
/// IPv6: an allow-list, because most of the IPv6 space is unassigned or special and a deny-list silently lets through
/// every block nobody thought to list: only global unicast (2000::/3) may be reached, minus the special-purpose blocks
/// inside it. IPv4-mapped (<c>::ffff:a.b.c.d</c>) and IPv4-compatible (<c>::a.b.c.d</c>) forms are unwrapped first and
/// judged as the IPv4 address they carry, so <c>::ffff:127.0.0.1</c> is loopback and <c>::ffff:8.8.8.8</c> is public.
/// </summary>
public static class WebhookAddressGuard
{
    private static readonly IPNetwork[] ForbiddenV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),          // "this network"
        IPNetwork.Parse("10.0.0.0/8"),         // private
        IPNetwork.Parse("100.64.0.0/10"),      // CGNAT
        IPNetwork.Parse("127.0.0.0/8"),        // loopback
        IPNetwork.Parse("169.254.0.0/16"),     // link-local, cloud metadata
        IPNetwork.Parse("172.16.0.0/12"),      // private
        IPNetwork.Parse("192.0.0.0/24"),       // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),       // TEST-NET-1
        IPNetwork.Parse("192.88.99.0/24"),     // 6to4 relay anycast
        IPNetwork.Parse("192.168.0.0/16"),     // private
        IPNetwork.Parse("198.18.0.0/15"),      // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),    // TEST-NET-2
        IPNetwork.Parse("203.0.113.0/24"),     // TEST-NET-3
        IPNetwork.Parse("224.0.0.0/4"),        // multicast
        IPNetwork.Parse("240.0.0.0/4"),        // reserved, and 255.255.255.255 broadcast
    ];

    /// <summary>
    /// The only IPv6 block a webhook may reach. Everything outside it is refused without being listed: loopback ::1,
    /// unspecified ::, discard 100::/64, NAT64 64:ff9b::/96 and 64:ff9b:1::/48 (they embed IPv4 addresses a translator
    /// would reach for us), unique local fc00::/7, link-local fe80::/10, site-local fec0::/10, multicast ff00::/8, and
    /// every unassigned or future block (4000::/3, 5f00::/16 SRv6, …).
    /// </summary>
    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    /// <summary>Special-purpose blocks inside 2000::/3 (IANA IPv6 Special-Purpose Address Registry).</summary>
    private static readonly IPNetwork[] ForbiddenInGlobalUnicastV6 =
    [
        // IETF protocol assignments: Teredo 2001::/32 (embeds an obfuscated IPv4 address), benchmarking 2001:2::/48,
        // ORCHID 2001:10::/28 and ORCHIDv2 2001:20::/28 (identifiers, not locators), AMT, AS112 and the rest. Refused as
        // a whole: no webhook receiver lives there, and listing the sub-blocks one by one would miss the next assignment.
        IPNetwork.Parse("2001::/23"),
        IPNetwork.Parse("2001:db8::/32"),      // documentation
        // 6to4 embeds an IPv4 address (2002:AABB:CCDD::/48 is a.b.c.d), and whatever relay carries the packet decides
        // where it really goes. Refused rather than unwrapped: 6to4 is deprecated (RFC 7526), so refusing costs no real
        // receiver, while unwrapping would trust that every relay on the path decodes the prefix the way we do.
        IPNetwork.Parse("2002::/16"),
        IPNetwork.Parse("3fff::/20"),          // documentation (RFC 9637)
    ];

    public static bool IsForbidden(IPAddress address, bool allowLoopback = false)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && IsIPv4Compatible(address))
        {
            address = new IPAddress(address.GetAddressBytes()[12..]);
        }

        if (allowLoopback && IPAddress.IsLoopback(address))
        {
            return false;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ForbiddenV4.Any(n => n.Contains(address)),
            AddressFamily.InterNetworkV6 => !GlobalUnicastV6.Contains(address) || ForbiddenInGlobalUnicastV6.Any(n => n.Contains(address)),
            _ => true,
        };
    }

    // ::a.b.c.d (deprecated IPv4-compatible form): the first 96 bits are zero. :: and ::1 are IPv6's own unspecified and
    // loopback addresses, not IPv4 0.0.0.0 and 0.0.0.1; they stay IPv6 (and are refused as outside 2000::/3).
    private static bool IsIPv4Compatible(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !IPAddress.IPv6Loopback.Equals(address) && !IPAddress.IPv6Any.Equals(address);
    }
}
