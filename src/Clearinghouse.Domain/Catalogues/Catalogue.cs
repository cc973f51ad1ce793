using System.Collections.Frozen;

namespace Clearinghouse.Domain.Catalogues;

/// <summary>
/// One published catalogue version with its items, looked up by code. Immutable, as the version is: a silo
/// may keep it for as long as it likes and share it between every settlement of the care region.
/// </summary>
public sealed class Catalogue
{
    private readonly FrozenDictionary<string, CatalogueItem> _items;

    public Catalogue(CatalogueVersionInfo info, IEnumerable<CatalogueItem> items)
    {
        _items = items.ToFrozenDictionary(i => i.Code, StringComparer.Ordinal);
        Invariant.Require(_items.Count == info.ItemCount, "a catalogue holds exactly the items its version counts");
        Info = info;
    }

    public CatalogueVersionInfo Info { get; }

    public int Count => _items.Count;

    public bool TryFind(string code, out CatalogueItem item) => _items.TryGetValue(code, out item!);
}
