using System.Text.Json.Serialization;

namespace Clearinghouse.Domain.Settlements;

/// <summary>The figures of one settled visit, each named as in docs/domain.md.</summary>
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
    [property: Id(8)] long CashPayFen)
{
    /// <summary>What the insured region owes the care region for this visit: the fund share and the account share.</summary>
    [JsonIgnore]
    public long ObligationFen => FundPayFen + AccountPayFen;
}
