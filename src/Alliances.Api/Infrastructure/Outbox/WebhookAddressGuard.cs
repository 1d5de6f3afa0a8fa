using System.Net;
using System.Net.Sockets;

namespace Alliances.Api.Infrastructure.Outbox;

/// <summary>
/// Which addresses a webhook may never reach (SSRF): loopback, private, link-local (cloud metadata at 169.254.169.254),
/// CGNAT, multicast, broadcast, documentation, benchmarking and reserved ranges, and their IPv6 counterparts. IPv4-mapped
/// and IPv4-compatible IPv6 forms are unwrapped first so <c>::ffff:127.0.0.1</c> cannot slip through.
/// </summary>
public static class WebhookAddressGuard
{
    private static readonly IPNetwork[] Forbidden =
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
        IPNetwork.Parse("240.0.0.0/4"),        // reserved, broadcast
        IPNetwork.Parse("::/128"),             // unspecified
        IPNetwork.Parse("::1/128"),            // loopback
        IPNetwork.Parse("64:ff9b::/96"),       // NAT64: embeds an IPv4 address
        IPNetwork.Parse("64:ff9b:1::/48"),     // local-use NAT64
        IPNetwork.Parse("100::/64"),           // discard
        IPNetwork.Parse("2001::/23"),          // IETF protocol assignments (Teredo, ORCHID, …)
        IPNetwork.Parse("2001:db8::/32"),      // documentation
        IPNetwork.Parse("2002::/16"),          // 6to4: embeds an IPv4 address
        IPNetwork.Parse("fc00::/7"),           // unique local
        IPNetwork.Parse("fe80::/10"),          // link-local
        IPNetwork.Parse("fec0::/10"),          // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"),           // multicast
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

        return address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) ||
            Forbidden.Any(n => n.Contains(address));
    }

    // ::a.b.c.d (deprecated IPv4-compatible form): the first 96 bits are zero.
    private static bool IsIPv4Compatible(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !IPAddress.IPv6Loopback.Equals(address) && !IPAddress.IPv6Any.Equals(address);
    }
}
