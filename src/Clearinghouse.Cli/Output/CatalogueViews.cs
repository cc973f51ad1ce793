using Clearinghouse.V1;

namespace Clearinghouse.Cli.Output;

/// <summary>Catalogue wire messages → blocks: a version, a region's versions, an item in force. Price limits in yuan.</summary>
public static class CatalogueViews
{
    public static IEnumerable<Block> Version(CatalogueVersion v)
    {
        yield return new FieldsBlock("catalogue_version", $"Catalogue version {v.Version} of region {v.RegionCode}",
        [
            new("region", "Care region", v.RegionCode),
            new("version", "Version", Views.Count(v.Version)),
            new("effective_from", "Effective from", v.EffectiveFrom),
            new("item_count", "Items", Views.Count(v.ItemCount)),
            new("published_at", "Published at", v.PublishedAt),
            new("request_id", "Request id", v.RequestId),
        ]);
    }

    public static IEnumerable<Block> Versions(string region, IEnumerable<CatalogueVersion> versions)
    {
        yield return new TableBlock("catalogue_versions", $"Catalogue versions of region {region}",
            [
                new("version", "Version", AlignRight: true),
                new("effective_from", "Effective from"),
                new("item_count", "Items", AlignRight: true),
                new("published_at", "Published at"),
                new("request_id", "Request id"),
            ],
            [.. versions.Select(v => (IReadOnlyList<string>)[Views.Count(v.Version), v.EffectiveFrom, Views.Count(v.ItemCount), v.PublishedAt, v.RequestId])]);
    }

    public static IEnumerable<Block> Item(CatalogueItemInForce found)
    {
        var item = found.Item;
        yield return new FieldsBlock("catalogue_item", $"Item {item.Code} in region {found.RegionCode}",
        [
            new("code", "Code", item.Code),
            new("name", "Name", item.Name),
            new("category", "Category", Category(item.Category)),
            new("unit", "Unit", item.Unit),
            new("price_limit_yuan", "Price limit (yuan)", item.HasPriceLimitFen ? Money.Yuan(item.PriceLimitFen) : "none"),
            new("version", "Catalogue version", Views.Count(found.Version)),
            new("effective_from", "Effective from", found.EffectiveFrom),
        ]);
    }

    private static string Category(ItemCategory category) => category switch
    {
        ItemCategory.A => "A (甲)",
        ItemCategory.B => "B (乙)",
        ItemCategory.C => "C (丙)",
        _ => "?",
    };
}
