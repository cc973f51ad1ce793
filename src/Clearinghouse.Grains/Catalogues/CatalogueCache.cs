using Clearinghouse.Domain;
using Clearinghouse.Domain.Catalogues;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Grains.Catalogues;

/// <summary>
/// The catalogues as this silo's settlements read them. Which version is in force is asked of the care region's
/// catalogue grain on every call (the one writer of its versions, so a version published on any silo counts from
/// its acknowledgement); the version's items are loaded from its stream once and kept. Keeping them is safe because
/// a version never changes once published: there is nothing to invalidate, only memory to bound, so the cache keeps
/// the <see cref="Capacity"/> versions used most recently. Concurrent callers of a version not yet loaded share one
/// load; a failed load is not kept, so the next caller tries again.
/// </summary>
public sealed class CatalogueCache(RegistryReferences registry, IEventLog eventLog) : ICatalogues
{
    /// <summary>Versions kept: a few per care region that settles here is plenty, as only one is in force at a time.</summary>
    public const int Capacity = 32;

    private readonly LeastRecentlyUsed<(string Region, int Version), Task<Catalogue>> _loaded = new(Capacity);

    public async ValueTask<Catalogue?> InForceAsync(string careRegionCode, DateOnly date)
    {
        var info = await registry.Catalogue(careRegionCode).InForce(date);
        return info is null ? null : await LoadAsync(info);
    }

    /// <summary>The version's items, from the cache or loaded once by whichever caller comes first.</summary>
    public async Task<Catalogue> LoadAsync(CatalogueVersionInfo info)
    {
        var key = (info.RegionCode, info.Version);
        // On the thread pool, not the calling grain's scheduler: callers from other grains share the load, and it must
        // not depend on the first caller's activation staying alive.
        var load = _loaded.GetOrAdd(key, () => Task.Run(() => ReadAsync(info)));
        try
        {
            return await load;
        }
        catch
        {
            _loaded.Remove(key, load);
            throw;
        }
    }

    private async Task<Catalogue> ReadAsync(CatalogueVersionInfo info)
    {
        var events = await eventLog.ReadAsync(StreamKeys.CatalogueItems(info.RegionCode, info.Version));
        var items = new List<CatalogueItem>(info.ItemCount);
        foreach (var e in events)
        {
            items.AddRange(e is CatalogueItemsListed listed
                ? listed.Items
                : throw new InvariantViolationException($"a catalogue item stream holds no {e.GetType().Name} events"));
        }
        return new Catalogue(info, items);
    }
}
