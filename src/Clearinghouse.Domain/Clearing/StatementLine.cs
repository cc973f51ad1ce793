namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// One counterparty on a region's statement. Both directions between the two regions are shown gross,
/// not offset against each other: receivable and payable are each ≥ 0 (see <see cref="Netting"/> for
/// how a negative pair gross is booked). SettlementCount and ReversalCount count the settlements and
/// the reversals accepted in the period between the two regions, in either direction.
/// The tier figures show apart what serious-illness insurance and medical assistance make of the gross of
/// each direction (settled − reversed, negative when more was reversed): "advanced", of the pair in which
/// this region is the care region (the counterparty's insured people, treated here); "owed", of the pair in
/// which this region is the insured region. The rest of each gross is basic fund and personal account. They
/// came later, with a default of 0: statements issued before them had no tier to show.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.statement_line.v1")]
public sealed record StatementLine(
    [property: Id(0)] string CounterpartyRegionCode,
    [property: Id(1)] long ReceivableFen,
    [property: Id(2)] long PayableFen,
    [property: Id(3)] long SettlementCount,
    [property: Id(4)] long ReversalCount,
    [property: Id(5)] long SeriousIllnessAdvancedFen = 0,
    [property: Id(6)] long AssistanceAdvancedFen = 0,
    [property: Id(7)] long SeriousIllnessOwedFen = 0,
    [property: Id(8)] long AssistanceOwedFen = 0);
