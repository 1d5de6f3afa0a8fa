using System.Collections.Concurrent;
using System.Net;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// Client addresses that used up their failed-auth bucket, until its window ends: written when the limiter rejects a
/// failed authentication, read before authentication (<see cref="ThrottleBeforeAuthentication"/>), so a client making
/// up keys costs no key lookup for the rest of the window. Entries exist only for addresses that were rejected, and
/// expired ones are swept on every write.
/// </summary>
public sealed class ThrottledAddresses(TimeProvider clock)
{
    private readonly ConcurrentDictionary<IPAddress, DateTimeOffset> _until = new();

    public void Remember(IPAddress? address, DateTimeOffset windowEnd)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, end) in _until)
        {
            if (end <= now)
            {
                _until.TryRemove(KeyValuePair.Create(key, end));
            }
        }

        _until[address ?? IPAddress.None] = windowEnd;
    }

    /// <summary>When the address's window ends, if its failed authentications are over the limit now.</summary>
    public DateTimeOffset? Find(IPAddress? address)
    {
        var key = address ?? IPAddress.None;
        if (!_until.TryGetValue(key, out var windowEnd))
        {
            return null;
        }

        if (windowEnd > clock.GetUtcNow())
        {
            return windowEnd;
        }

        _until.TryRemove(KeyValuePair.Create(key, windowEnd));
        return null;
    }
}
