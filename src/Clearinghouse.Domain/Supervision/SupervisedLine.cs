namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// One bill line as supervision reads it. <see cref="UnitPriceFen"/> is 0 when the request sent none, and
/// <see cref="PriceLimitFen"/> is 0 when the catalogue sets no limit for the code; <see cref="OverLimitFen"/> is the
/// line's excess above that limit (超限价), already computed when the visit settled.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.supervised_line.v1")]
public sealed record SupervisedLine(
    [property: Id(0)] string Code,
    [property: Id(1)] int Quantity,
    [property: Id(2)] long UnitPriceFen,
    [property: Id(3)] long AmountFen,
    [property: Id(4)] long PriceLimitFen,
    [property: Id(5)] long OverLimitFen);
