using System.Text.Json.Serialization;

namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// What one ordered pair of regions owes for one period: the insured region (payer) to the care region
/// (payee). Settled: Σ fund + account share of the settlements accepted in the period. Reversed: Σ fund +
/// account share of the reversals accepted in the period for settlements of this pair, whatever period
/// the settlement itself was in (a closed period is never reopened).
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.pair_obligation.v1")]
public sealed record PairObligation(
    [property: Id(0)] string InsuredRegionCode,
    [property: Id(1)] string CareRegionCode,
    [property: Id(2)] long SettledFen,
    [property: Id(3)] long SettlementCount,
    [property: Id(4)] long ReversedFen,
    [property: Id(5)] long ReversalCount)
{
    /// <summary>
    /// Settled − reversed. Negative when more was reversed than settled in the period: then the care
    /// region owes the insured region the difference.
    /// </summary>
    [JsonIgnore]
    public long GrossFen => checked(SettledFen - ReversedFen);

    /// <summary>Nothing settled or reversed: the pair adds no line to any statement.</summary>
    [JsonIgnore]
    public bool IsEmpty => SettledFen == 0 && ReversedFen == 0 && SettlementCount == 0 && ReversalCount == 0;
}
