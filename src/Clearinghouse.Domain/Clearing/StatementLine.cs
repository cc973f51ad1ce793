namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// One counterparty on a region's statement. Both directions between the two regions are shown gross,
/// not offset against each other: receivable and payable are each ≥ 0 (see <see cref="Netting"/> for
/// how a negative pair gross is booked). SettlementCount and ReversalCount count the settlements and
/// the reversals accepted in the period between the two regions, in either direction.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.statement_line.v1")]
public sealed record StatementLine(
    [property: Id(0)] string CounterpartyRegionCode,
    [property: Id(1)] long ReceivableFen,
    [property: Id(2)] long PayableFen,
    [property: Id(3)] long SettlementCount,
    [property: Id(4)] long ReversalCount);
