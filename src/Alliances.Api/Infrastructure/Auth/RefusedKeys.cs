using Microsoft.Extensions.Caching.Memory;

namespace Alliances.Api.Infrastructure.Auth;

/// <summary>
/// Key-shaped texts that an alliance has already refused (unknown there, revoked or expired), so that a client retrying
/// with a dead key, or the same few bad keys over and over, costs no database round trip per request. The 401 and
/// the rate limit are unchanged: only the lookup is skipped.
/// </summary>
/// <remarks>
/// Remembering a refusal is safe because a refusal is final. Key texts are 32 random bytes shown once, after the
/// creating transaction has committed, so one that is unknown now will never be issued later; revocation cannot be
/// undone; an expiry cannot be moved. Entries are keyed by alliance as well as hash, so a key refused at a foreign
/// host is still good at home. The cache is bounded: a flood of made-up keys fills it, and then refusals simply go
/// uncached and back to the database, as before.
/// </remarks>
public sealed class RefusedKeys : IDisposable
{
    /// <summary>At 64 bytes or so an entry, about a megabyte of memory at most.</summary>
    public const int Capacity = 16_384;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _refused = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>Entries held now; for tests.</summary>
    public int Count => _refused.Count;

    public bool Contains(Guid allianceId, byte[] keyHash) => _refused.TryGetValue(EntryKey(allianceId, keyHash), out _);

    public void Add(Guid allianceId, byte[] keyHash) =>
        _refused.Set(EntryKey(allianceId, keyHash), true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });

    public void Dispose() => _refused.Dispose();

    // 128 bits of a SHA-256 keep collisions out of reach, with the alliance beside them.
    private static (Guid, UInt128) EntryKey(Guid allianceId, byte[] keyHash) =>
        (allianceId, new UInt128(BitConverter.ToUInt64(keyHash, 0), BitConverter.ToUInt64(keyHash, 8)));
}
