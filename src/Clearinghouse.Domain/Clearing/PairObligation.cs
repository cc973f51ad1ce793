using System.Text.Json.Serialization;

namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// What one ordered pair of regions owes for one period: the insured region (payer) to the care region
/// (payee). Settled: Σ obligation (fund + serious-illness + assistance + account pay) of the settlements
/// accepted in the period. Reversed: Σ obligation of the reversals accepted in the period for settlements of
/// this pair, whatever period the settlement itself was in (a closed period is never reopened).
/// <see cref="SeriousIllnessFen"/> and <see cref="AssistanceFen"/> are the serious-illness and assistance parts
/// of the gross (settled − reversed, so negative when more was reversed); the rest is basic fund and account.
/// They came later, with a default of 0: no tier had paid anything before.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.pair_obligation.v1")]
public sealed record PairObligation(
    [property: Id(0)] string InsuredRegionCode,
    [property: Id(1)] string CareRegionCode,
    [property: Id(2)] long SettledFen,
    [property: Id(3)] long SettlementCount,
    [property: Id(4)] long ReversedFen,
    [property: Id(5)] long ReversalCount,
    [property: Id(6)] long SeriousIllnessFen = 0,
    [property: Id(7)] long AssistanceFen = 0)
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
