using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>
/// docs/domain.md written a second time, independently of the calculator and of BasisPoints: decimal
/// arithmetic (exact for these magnitudes) with the rounding spelled out by the runtime's own
/// Math.Floor and Math.Round(AwayFromZero), which for non-negative amounts is round-half-up.
/// </summary>
public static class ReferenceSettlement
{
    public static SettlementBreakdown Compute(SchemePolicy policy, BenefitRule rule, VisitFacts visit, YearToDate ytd)
    {
        decimal SumOf(ItemCategory category) => visit.Items.Where(i => i.Category == category).Sum(i => (decimal)i.AmountFen);

        decimal sumA = SumOf(ItemCategory.A), sumB = SumOf(ItemCategory.B), sumC = SumOf(ItemCategory.C);
        var total = sumA + sumB + sumC;                                                           // 1
        var selfPayC = sumC;                                                                      // 2
        var copayB = Math.Round(sumB * policy.CategoryBCopayBp / 10_000m, MidpointRounding.AwayFromZero); // 3
        var eligible = sumA + sumB - copayB;                                                      // 4

        decimal deductibleLeft = visit.VisitType == VisitType.Inpatient                           // 5
            ? rule.DeductibleFen
            : rule.DeductibleFen > ytd.OutpatientDeductibleUsedFen ? rule.DeductibleFen - ytd.OutpatientDeductibleUsedFen : 0m;
        var deductible = eligible < deductibleLeft ? eligible : deductibleLeft;

        var ratio = rule.RatioBp                                                                  // 6
            + (visit.Category == PersonCategory.Retired ? policy.RetiredBonusBp : 0)
            - (visit.RegisteredForCareRegion ? 0 : policy.UnregisteredReductionBp);
        ratio = ratio < 0 ? 0 : ratio > 10_000 ? 10_000 : ratio;

        var fundRaw = Math.Floor((eligible - deductible) * ratio / 10_000m);                      // 7
        decimal capLeft = policy.AnnualCapFen > ytd.FundPaidFen ? policy.AnnualCapFen - ytd.FundPaidFen : 0m;
        var fund = fundRaw < capLeft ? fundRaw : capLeft;                                         // 8
        var patientShare = total - fund;                                                          // 9
        var account = visit.UsePersonalAccount                                                    // 10
            ? (patientShare < ytd.AccountBalanceFen ? patientShare : ytd.AccountBalanceFen)
            : 0m;
        var cash = patientShare - account;                                                        // 11

        return new SettlementBreakdown(
            (long)total, (long)selfPayC, (long)copayB, (long)eligible, (long)deductible, ratio,
            (long)fund, (long)account, (long)cash);
    }
}
