namespace Clearinghouse.Domain.Settlements;

/// <summary>
/// One line of a visit's bill. <see cref="AmountFen"/> is the line's total (quantity already applied);
/// <see cref="Quantity"/> is recorded for the audit trail and never multiplied again. Its stored JSON form
/// (a positional array) is the storage layer's business.
/// <para>
/// The later fields default to "not sent" and "no catalogue": <see cref="UnitPriceFen"/> 0 when the request sent
/// none; <see cref="CategorySent"/> the category the hospital sent where a catalogue's category replaced it
/// (null: no catalogue was applied, <see cref="Category"/> is the one sent); <see cref="PriceLimitFen"/> the
/// catalogue's price limit per unit applied (0: none) and <see cref="OverLimitFen"/> the line's excess above it
/// (超限价自付), which the patient pays outside the eligible amount. A line as requested carries only the first
/// six; <see cref="CataloguePricing"/> makes the line as settled.
/// </para>
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.line_item.v1")]
public sealed record LineItem(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] ItemCategory Category,
    [property: Id(3)] int Quantity,
    [property: Id(4)] long AmountFen,
    [property: Id(5)] long UnitPriceFen = 0,
    [property: Id(6)] ItemCategory? CategorySent = null,
    [property: Id(7)] long PriceLimitFen = 0,
    [property: Id(8)] long OverLimitFen = 0)
{
    /// <summary>The category the hospital sent: the same as <see cref="Category"/> where no catalogue replaced it.</summary>
    public ItemCategory SentCategory => CategorySent ?? Category;

    /// <summary>The part of the line within the catalogue's price limit: all of it where there is none.</summary>
    public long WithinLimitFen => AmountFen - OverLimitFen;

    /// <summary>True for a line with none of the later fields, stored exactly as lines were before them.</summary>
    public bool IsLegacyShape => UnitPriceFen == 0 && CategorySent is null && PriceLimitFen == 0 && OverLimitFen == 0;
}
