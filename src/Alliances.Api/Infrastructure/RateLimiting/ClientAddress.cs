using System.Net;
using System.Net.Sockets;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// The client address a per-address limit counts against: the connection's remote address (after the trusted proxies'
/// X-Forwarded-For), an IPv4-mapped IPv6 address as its IPv4 address, and an IPv6 address by its /64, since one
/// subscriber usually holds a whole /64 and could otherwise take a fresh address for every request.
/// </summary>
public static class ClientAddress
{
    public static IPAddress? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Normalize(context.Connection.RemoteIpAddress);
    }

    public static IPAddress? Normalize(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
