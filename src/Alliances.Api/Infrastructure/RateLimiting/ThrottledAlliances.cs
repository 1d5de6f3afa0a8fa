using System.Collections.Concurrent;

namespace Alliances.Api.Infrastructure.RateLimiting;

/// <summary>
/// The alliances over their ceiling, until the window ends: written when the alliance's limit rejects a request, read
/// before authentication (<see cref="ThrottleBeforeAuthentication"/>) so the rest of the window's requests are turned
/// away without a database round trip. A lock-free read, because every request on an alliance host makes it. At most
/// one entry per alliance, and an expired entry is removed when it is next read.
/// </summary>
public sealed class ThrottledAlliances(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _until = new();

    public void Remember(Guid allianceId, DateTimeOffset windowEnd) => _until[allianceId] = windowEnd;

    /// <summary>When the alliance's window ends, if it is over its ceiling now.</summary>
    public DateTimeOffset? Find(Guid allianceId)
    {
        if (!_until.TryGetValue(allianceId, out var windowEnd))
        {
            return null;
        }

        if (windowEnd > clock.GetUtcNow())
        {
            return windowEnd;
        }

        _until.TryRemove(KeyValuePair.Create(allianceId, windowEnd));
        return null;
    }
}
