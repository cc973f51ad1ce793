namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// The platform-wide figures of one close.
/// GrossTotalFen: Σ over ordered pairs of |settled − reversed|.
/// NetTotalFen: Σ of the positive nets (= Σ|net| / 2): what actually moves through the clearing account.
/// NettingEfficiencyBp: floor((gross − net) × 10000 / gross), 0 when gross is 0; 10000 when everything
/// offsets, 0 when nothing does.
/// RegionCount: regions with at least one statement line. SettlementCount / ReversalCount: Σ over pairs.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.netting_summary.v1")]
public sealed record NettingSummary(
    [property: Id(0)] long GrossTotalFen,
    [property: Id(1)] long NetTotalFen,
    [property: Id(2)] int NettingEfficiencyBp,
    [property: Id(3)] int RegionCount,
    [property: Id(4)] long SettlementCount,
    [property: Id(5)] long ReversalCount);
