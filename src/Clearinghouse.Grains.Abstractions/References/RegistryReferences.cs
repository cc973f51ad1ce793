using System.Collections.Concurrent;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>
/// References to the hospital, region and catalogue grains, kept per code. Every settlement calls a hospital and its
/// insured region; Orleans' GetGrain works out the grain interface's type name on each call, a few
/// strings per call (docs/performance.md), while a reference is immutable and can be reused. The set of
/// regions and hospitals is small; the cap only bounds what codes that name nothing could add.
/// </summary>
public sealed class RegistryReferences(IGrainFactory grains)
{
    private const int MaxCached = 100_000;

    private readonly ConcurrentDictionary<string, IHospitalGrain> _hospitals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IRegionGrain> _regions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ICatalogueGrain> _catalogues = new(StringComparer.Ordinal);

    public IHospitalGrain Hospital(string code) => Get(_hospitals, code, static (g, k) => g.GetGrain<IHospitalGrain>(k));

    public IRegionGrain Region(string code) => Get(_regions, code, static (g, k) => g.GetGrain<IRegionGrain>(k));

    /// <summary>A care region's catalogue grain, which every settlement asks for the version in force.</summary>
    public ICatalogueGrain Catalogue(string code) => Get(_catalogues, code, static (g, k) => g.GetGrain<ICatalogueGrain>(k));

    private T Get<T>(ConcurrentDictionary<string, T> cache, string code, Func<IGrainFactory, string, T> create)
    {
        if (cache.TryGetValue(code, out var known))
        {
            return known;
        }
        var reference = create(grains, code);
        if (cache.Count < MaxCached)
        {
            cache.TryAdd(code, reference);
        }
        return reference;
    }
}
