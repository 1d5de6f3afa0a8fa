using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Alliances.Tenancy.Catalog;

/// <summary>
/// A bounded in-memory cache in front of the catalog store. Misses are cached briefly; store failures are not cached
/// at all, so an outage never turns into a remembered "not found". <see cref="CatalogChangeListener"/> evicts entries
/// when any node changes the catalog.
/// </summary>
public sealed class CachedAllianceCatalog : IDisposable
{
    private readonly IAllianceCatalogStore _store;
    private readonly TenancyOptions _options;
    private readonly MemoryCache _cache;

    // Bumped by every invalidation. A lookup that started before an invalidation must not put what it read into the
    // cache afterwards, or a suspension could be undone by a read that raced it (and live until the TTL).
    private long _generation;

    public CachedAllianceCatalog(IAllianceCatalogStore store, IOptions<TenancyOptions> options)
    {
        _store = store;
        _options = options.Value;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CatalogCacheSize });
    }

    /// <summary>The alliance for a sub-domain, or null when none is claimed. Throws when the store is unreachable.</summary>
    public async ValueTask<AllianceCatalogEntry?> FindAsync(string subdomain, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(subdomain, out CacheSlot? slot) && slot is not null)
        {
            return slot.Entry;
        }

        var generation = Interlocked.Read(ref _generation);
        var entry = await _store.FindBySubdomainAsync(subdomain, cancellationToken);
        if (Interlocked.Read(ref _generation) != generation)
        {
            return entry;
        }

        var ttl = entry is null ? _options.CatalogNegativeCacheTtl : _options.CatalogCacheTtl;
        _cache.Set(subdomain, new CacheSlot(entry), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ttl });
        return entry;
    }

    /// <summary>Forgets one sub-domain, hit or miss.</summary>
    public void Invalidate(string subdomain)
    {
        Interlocked.Increment(ref _generation);
        _cache.Remove(subdomain);
    }

    /// <summary>Forgets everything; used after the change listener reconnects and may have missed notifications.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _cache.Clear();
    }

    public void Dispose() => _cache.Dispose();

    // A wrapper so that a cached miss (null entry) is distinguishable from "not in the cache".
    private sealed record CacheSlot(AllianceCatalogEntry? Entry);
}
