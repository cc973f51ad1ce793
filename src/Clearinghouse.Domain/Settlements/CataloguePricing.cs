using System.Collections.Immutable;
using Clearinghouse.Domain.Catalogues;

namespace Clearinghouse.Domain.Settlements;

/// <summary>
/// The care region's catalogue (就医地目录) applied to a visit's lines (docs/domain.md, "Catalogues and price
/// limits"): the catalogue's category replaces the one sent, which is kept beside it, and a unit price above the
/// catalogue's price limit leaves the excess, (unit price − limit) × quantity, to the patient as over-limit
/// self-pay. Without a catalogue in force the lines settle as sent. Pure: the catalogue is looked up by the caller.
/// </summary>
public static class CataloguePricing
{
    /// <summary>
    /// The lines as settled. Refuses (FAILED_PRECONDITION, nothing written) a line without a unit price or with a
    /// code the catalogue does not hold, naming the line and the code.
    /// </summary>
    public static ImmutableArray<LineItem> Apply(ImmutableArray<LineItem> requested, Catalogue? catalogue, DateOnly serviceDate)
    {
        if (catalogue is null)
        {
            return requested;
        }
        var info = catalogue.Info;
        var settled = ImmutableArray.CreateBuilder<LineItem>(requested.Length);
        for (var i = 0; i < requested.Length; i++)
        {
            var line = requested[i];
            if (!catalogue.TryFind(line.Code, out var item))
            {
                throw RejectedException.FailedPrecondition(
                    $"item code {line.Code} is not in care region {info.RegionCode}'s catalogue version {info.Version} in force on {CivilDate.Format(serviceDate)}");
            }
            if (line.UnitPriceFen <= 0)
            {
                throw RejectedException.FailedPrecondition(
                    $"items[{i}].unit_price_fen is required for item code {line.Code}: care region {info.RegionCode} has catalogue version {info.Version} in force on {CivilDate.Format(serviceDate)}");
            }
            settled.Add(Priced(line, item));
        }
        return settled.MoveToImmutable();
    }

    /// <summary>One line under its catalogue item: the item's category, and the excess above its price limit, if any.</summary>
    public static LineItem Priced(LineItem line, CatalogueItem item)
    {
        Invariant.Require(line.UnitPriceFen > 0 && line.AmountFen == (long)line.Quantity * line.UnitPriceFen, "a priced line's amount is quantity × unit price");
        var limit = item.PriceLimitFen ?? 0;
        var overLimit = item.PriceLimitFen is { } l && line.UnitPriceFen > l ? (line.UnitPriceFen - l) * line.Quantity : 0;
        return line with { Category = item.Category, CategorySent = line.Category, PriceLimitFen = limit, OverLimitFen = overLimit };
    }
}
