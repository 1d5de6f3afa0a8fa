using System.Collections.Concurrent;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// The keys whose window is used up, per alliance, until that window ends. The limiter runs after authentication, and
/// authenticating a key is a database round trip; without this memory, a key flooding at ten times its limit would
/// cost ten lookups for every request it is allowed, and its neighbours would pay for them in latency. With it, every
/// rejection after the first in a window is answered before authentication (<see cref="ThrottleBeforeAuthentication"/>).
/// </summary>
/// <remarks>
/// An entry is written only by the limiter's rejection of an authenticated key, so a caller cannot add entries with
/// made-up keys: the memory holds at most one entry per real key that was throttled, and expired entries are swept on
/// every write. The entry is keyed by the alliance as well as the key's hash, so a key presented at another alliance's
/// host never matches and gets that host's ordinary 401.
/// </remarks>
public sealed class ThrottledKeys(TimeProvider clock)
{
    private readonly ConcurrentDictionary<(Guid AllianceId, UInt128 KeyHash), Throttle> _throttles = new();

    /// <summary>The number of entries, expired ones included until the next sweep; for tests.</summary>
    public int Count => _throttles.Count;

    /// <summary>Remembers that <paramref name="keyHash"/>'s window at <paramref name="allianceId"/> ends at <paramref name="windowEnd"/>.</summary>
    public void Remember(Guid allianceId, ReadOnlySpan<byte> keyHash, DateTimeOffset windowEnd, RequestPartition partition)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, throttle) in _throttles)
        {
            if (throttle.WindowEnd <= now)
            {
                _throttles.TryRemove(KeyValuePair.Create(key, throttle));
            }
        }

        _throttles[(allianceId, Fold(keyHash))] = new Throttle(windowEnd, partition);
    }

    /// <summary>The throttle still in force for this key at this alliance, if any.</summary>
    public Throttle? Find(Guid allianceId, ReadOnlySpan<byte> keyHash)
    {
        var key = (allianceId, Fold(keyHash));
        if (!_throttles.TryGetValue(key, out var throttle))
        {
            return null;
        }

        if (throttle.WindowEnd > clock.GetUtcNow())
        {
            return throttle;
        }

        _throttles.TryRemove(KeyValuePair.Create(key, throttle));
        return null;
    }

    // 128 bits of a SHA-256: collisions are out of reach, and the dictionary key stays a small value type.
    private static UInt128 Fold(ReadOnlySpan<byte> keyHash) =>
        new(BitConverter.ToUInt64(keyHash[..8]), BitConverter.ToUInt64(keyHash[8..16]));

    /// <summary>Rejected until <see cref="WindowEnd"/>; <see cref="Partition"/> is the limiter's partition, for the headers and the log.</summary>
    public sealed record Throttle(DateTimeOffset WindowEnd, RequestPartition Partition);
}
