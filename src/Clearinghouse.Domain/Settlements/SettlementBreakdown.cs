using System.Text.Json.Serialization;

namespace Clearinghouse.Domain.Settlements;

/// <summary>
/// The figures of one settled visit, each named as in docs/domain.md. The tier figures came later: a
/// settlement stored without them reads back with 0, which is what it settled (no tier existed then). They are
/// left out of the stored JSON while 0, so a settlement without tiers is stored byte for byte as before
/// (no larger event on the settlement path for regions without tiers). <see cref="OverLimitSelfPayFen"/> (超限价自付,
/// the lines' excess above the care region's catalogue price limits) came later still, the same way: 0 without a
/// catalogue, and then left out.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.settlement_breakdown.v1")]
public sealed record SettlementBreakdown(
    [property: Id(0)] long TotalFen,
    [property: Id(1)] long SelfPayCFen,
    [property: Id(2)] long CopayBFen,
    [property: Id(3)] long EligibleFen,
    [property: Id(4)] long DeductibleFen,
    [property: Id(5)] int RatioBp,
    [property: Id(6)] long FundPayFen,
    [property: Id(7)] long AccountPayFen,
    [property: Id(8)] long CashPayFen,
    [property: Id(9), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long QualifyingSelfBurdenFen = 0,
    [property: Id(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long SeriousIllnessPayFen = 0,
    [property: Id(11), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long AssistancePayFen = 0,
    [property: Id(12), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long OverLimitSelfPayFen = 0)
{
    /// <summary>
    /// What the insured region owes the care region for this visit: every fund tier's pay (basic, serious
    /// illness, assistance) and the account share; only the cash stays with the patient.
    /// </summary>
    [JsonIgnore]
    public long ObligationFen => FundPayFen + SeriousIllnessPayFen + AssistancePayFen + AccountPayFen;

    /// <summary>What the fund tiers pay together: the basic fund, serious-illness insurance and assistance.</summary>
    [JsonIgnore]
    public long TiersPayFen => FundPayFen + SeriousIllnessPayFen + AssistancePayFen;
}
