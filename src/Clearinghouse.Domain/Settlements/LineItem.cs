namespace Clearinghouse.Domain.Settlements;

/// <summary>
/// One line of a visit's bill. <see cref="AmountFen"/> is the line's total (quantity already applied);
/// <see cref="Quantity"/> is recorded for the audit trail and never multiplied again. Its stored JSON form
/// (a positional array) is the storage layer's business.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.line_item.v1")]
public sealed record LineItem(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] ItemCategory Category,
    [property: Id(3)] int Quantity,
    [property: Id(4)] long AmountFen);
