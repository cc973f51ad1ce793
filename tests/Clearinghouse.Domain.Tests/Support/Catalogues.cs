using Clearinghouse.Domain.Catalogues;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Domain.Tests.Support;

/// <summary>Short builders for catalogue versions and priced lines.</summary>
public static class Catalogues
{
    public const string Region = "310104";

    public static Catalogue Version(int version, DateOnly effectiveFrom, params CatalogueItem[] items) =>
        new(new CatalogueVersionInfo(Region, version, effectiveFrom, items.Length, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), $"cat-{version}"),
            items);

    public static CatalogueItem Item(string code, ItemCategory category, long? priceLimitFen = null) =>
        new(code, "item " + code, category, "unit", priceLimitFen);

    /// <summary>A line as the hospital sends it: quantity × unit price, in the category it sent.</summary>
    public static LineItem Line(string code, ItemCategory sent, int quantity, long unitPriceFen) =>
        new(code, "line " + code, sent, quantity, quantity * unitPriceFen, unitPriceFen);
}
