using Clearinghouse.Domain;
using Clearinghouse.Domain.Catalogues;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>Catalogue items and versions between the wire and the domain.</summary>
public static class CatalogueWireMapping
{
    /// <summary>
    /// A batch as it came, unchecked: an unknown category becomes no category (0), which
    /// <see cref="CatalogueValidator"/> refuses naming the item, as it refuses every other bad field.
    /// </summary>
    public static CatalogueItem[] ToDomain(V1.CatalogueItemBatch batch)
    {
        var items = new CatalogueItem[batch.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var item = batch.Items[i];
            var category = item.Category switch
            {
                V1.ItemCategory.A => ItemCategory.A,
                V1.ItemCategory.B => ItemCategory.B,
                V1.ItemCategory.C => ItemCategory.C,
                _ => default,
            };
            items[i] = new CatalogueItem(item.Code, item.Name, category, item.Unit, item.HasPriceLimitFen ? item.PriceLimitFen : null);
        }
        return items;
    }

    public static V1.CatalogueItem ToWire(CatalogueItem item)
    {
        var wire = new V1.CatalogueItem { Code = item.Code, Name = item.Name, Category = EnumMapping.ToWire(item.Category), Unit = item.Unit };
        if (item.PriceLimitFen is { } limit)
        {
            wire.PriceLimitFen = limit;
        }
        return wire;
    }

    public static V1.CatalogueVersion ToWire(CatalogueVersionInfo info) => new()
    {
        RegionCode = info.RegionCode,
        Version = info.Version,
        EffectiveFrom = CivilDate.Format(info.EffectiveFrom),
        ItemCount = info.ItemCount,
        PublishedAt = WireMapping.Instant(info.PublishedAt),
        RequestId = info.RequestId,
    };
}
