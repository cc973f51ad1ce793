using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>
/// docs/domain.md written a second time, independently of the calculator, of CataloguePricing and of BasisPoints:
/// decimal arithmetic (exact for these magnitudes) with the rounding spelled out by the runtime's own
/// Math.Floor and Math.Round(AwayFromZero), which for non-negative amounts is round-half-up.
/// </summary>
public static class ReferenceSettlement
{
    /// <summary>A catalogue item as the reference reads it: the category it settles in, and its price limit per unit (null: none).</summary>
    public sealed record Item(ItemCategory Category, long? LimitFen);

    /// <summary>The basic fund's figures of a visit whose lines settle as they are (no catalogue).</summary>
    public static SettlementBreakdown Compute(SchemePolicy policy, BenefitRule rule, VisitFacts visit, YearToDate ytd)
    {
        decimal SumOf(ItemCategory category) => visit.Items.Where(i => i.Category == category).Sum(i => (decimal)i.AmountFen);
        return FromSums(policy, rule, visit, ytd, SumOf(ItemCategory.A), SumOf(ItemCategory.B), SumOf(ItemCategory.C), 0m);
    }

    /// <summary>
    /// The same for lines as a hospital sends them, priced under <paramref name="catalogue"/> (by code; null: none in
    /// force): null when the visit is refused (a code the catalogue lacks, or a line without a unit price).
    /// </summary>
    public static SettlementBreakdown? Compute(
        SchemePolicy policy, BenefitRule rule, VisitFacts visit, YearToDate ytd, IReadOnlyDictionary<string, Item>? catalogue)
    {
        if (catalogue is null)
        {
            return Compute(policy, rule, visit, ytd);
        }
        if (visit.Items.Any(line => !catalogue.ContainsKey(line.Code) || line.UnitPriceFen == 0))
        {
            return null;
        }
        // Each line's excess is what its quantity costs above the limit: price × quantity − limit × quantity.
        var lines = visit.Items.Select(line =>
        {
            var item = catalogue[line.Code];
            decimal billed = (decimal)line.UnitPriceFen * line.Quantity;
            decimal allowed = item.LimitFen is { } limit ? Math.Min(billed, (decimal)limit * line.Quantity) : billed;
            return (item.Category, Allowed: allowed, Excess: billed - allowed);
        }).ToList();
        decimal SumOf(ItemCategory category) => lines.Where(l => l.Category == category).Sum(l => l.Allowed);
        return FromSums(policy, rule, visit, ytd, SumOf(ItemCategory.A), SumOf(ItemCategory.B), SumOf(ItemCategory.C), lines.Sum(l => l.Excess));
    }

    private static SettlementBreakdown FromSums(
        SchemePolicy policy, BenefitRule rule, VisitFacts visit, YearToDate ytd, decimal sumA, decimal sumB, decimal sumC, decimal overLimit)
    {
        var total = sumA + sumB + sumC + overLimit;                                               // 1–3
        var selfPayC = sumC;
        var copayB = Math.Round(sumB * policy.CategoryBCopayBp / 10_000m, MidpointRounding.AwayFromZero); // 4
        var eligible = sumA + sumB - copayB;                                                      // 5

        decimal deductibleLeft = visit.VisitType == VisitType.Inpatient                           // 6
            ? rule.DeductibleFen
            : rule.DeductibleFen > ytd.OutpatientDeductibleUsedFen ? rule.DeductibleFen - ytd.OutpatientDeductibleUsedFen : 0m;
        var deductible = eligible < deductibleLeft ? eligible : deductibleLeft;

        var ratio = rule.RatioBp                                                                  // 7
            + (visit.Category == PersonCategory.Retired ? policy.RetiredBonusBp : 0)
            - (visit.RegisteredForCareRegion ? 0 : policy.UnregisteredReductionBp);
        ratio = ratio < 0 ? 0 : ratio > 10_000 ? 10_000 : ratio;

        var fundRaw = Math.Floor((eligible - deductible) * ratio / 10_000m);                      // 8
        decimal capLeft = policy.AnnualCapFen > ytd.FundPaidFen ? policy.AnnualCapFen - ytd.FundPaidFen : 0m;
        var fund = fundRaw < capLeft ? fundRaw : capLeft;                                         // 9
        var patientShare = total - fund;                                                          // 13 (no tiers here)
        var account = visit.UsePersonalAccount                                                    // 14
            ? (patientShare < ytd.AccountBalanceFen ? patientShare : ytd.AccountBalanceFen)
            : 0m;
        var cash = patientShare - account;                                                        // 15

        return new SettlementBreakdown(
            (long)total, (long)selfPayC, (long)copayB, (long)eligible, (long)deductible, ratio,
            (long)fund, (long)account, (long)cash, OverLimitSelfPayFen: (long)overLimit);
    }
}
