using Clearinghouse.Domain.Money;
using Clearinghouse.Domain.Policies;

namespace Clearinghouse.Domain.Settlements;

/// <summary>
/// The settlement steps of docs/domain.md, in order. Pure: the same policy, visit and year-to-date
/// figures always give the same breakdown, and the invariants are checked on every result before anyone
/// can store it.
/// </summary>
public static class SettlementCalculator
{
    public static SettlementBreakdown Calculate(SchemePolicy policy, BenefitRule rule, VisitFacts visit, YearToDate yearToDate)
    {
        Invariant.Require(!visit.Items.IsDefaultOrEmpty, "a visit has at least one item");
        Invariant.Require(rule.VisitType == visit.VisitType, "the benefit rule matches the visit type");
        Invariant.Require(yearToDate.FundPaidFen >= 0 && yearToDate.OutpatientDeductibleUsedFen >= 0, "year-to-date totals are not negative");
        Invariant.Require(yearToDate.AccountBalanceFen >= 0, "the personal account is not negative");
        Invariant.Require(
            yearToDate.QualifyingSelfBurdenFen >= 0 && yearToDate.SeriousIllnessPaidFen >= 0 && yearToDate.AssistancePaidFen >= 0,
            "year-to-date tier totals are not negative");

        long sumA = 0, sumB = 0, sumC = 0;
        foreach (var item in visit.Items)
        {
            Invariant.Require(item.AmountFen > 0, "item amounts are positive");
            switch (item.Category)
            {
                case ItemCategory.A: sumA = checked(sumA + item.AmountFen); break;
                case ItemCategory.B: sumB = checked(sumB + item.AmountFen); break;
                case ItemCategory.C: sumC = checked(sumC + item.AmountFen); break;
                default: throw new InvariantViolationException($"unknown item category {item.Category}");
            }
        }

        // Steps 1–4: what the fund may cover at all.
        var total = checked(sumA + sumB + sumC);
        var copayB = BasisPoints.ApplyRoundHalfUp(sumB, policy.CategoryBCopayBp);
        var eligible = sumA + sumB - copayB;

        // Step 5: inpatient deductible is per admission; outpatient is per calendar year.
        var deductibleLeft = visit.VisitType == VisitType.Inpatient
            ? rule.DeductibleFen
            : Math.Max(0, rule.DeductibleFen - yearToDate.OutpatientDeductibleUsedFen);
        var deductibleApplied = Math.Min(eligible, deductibleLeft);

        // Step 6: the ratio, adjusted for retirement and for a missing registration, clamped to 0..100%.
        var ratio = rule.RatioBp;
        if (visit.Category == PersonCategory.Retired)
        {
            ratio += policy.RetiredBonusBp;
        }
        if (!visit.RegisteredForCareRegion)
        {
            ratio -= policy.UnregisteredReductionBp;
        }
        ratio = BasisPoints.Clamp(ratio);

        // Steps 7–8: the fund pays its share, floored, and never past the annual cap.
        var fundRaw = BasisPoints.ApplyFloor(eligible - deductibleApplied, ratio);
        var capLeft = Math.Max(0, policy.AnnualCapFen - yearToDate.FundPaidFen);
        var fundPay = Math.Min(fundRaw, capLeft);

        // Steps 9–11: the serious-illness and assistance tiers, only for a scheme that has one.
        var (qualifying, seriousIllnessPay, assistancePay) = TierPay.Of(policy, visit.AssistanceStatus, yearToDate, total, sumC, fundPay);

        // Steps 12–14: the patient's share, from the personal account first if asked.
        var patientShare = total - fundPay - seriousIllnessPay - assistancePay;
        var accountPay = visit.UsePersonalAccount ? Math.Min(patientShare, yearToDate.AccountBalanceFen) : 0;
        var cashPay = patientShare - accountPay;

        var breakdown = new SettlementBreakdown(
            total, sumC, copayB, eligible, deductibleApplied, ratio, fundPay, accountPay, cashPay,
            qualifying, seriousIllnessPay, assistancePay);
        AssertInvariants(breakdown, policy, yearToDate);
        return breakdown;
    }

    private static void AssertInvariants(SettlementBreakdown b, SchemePolicy policy, YearToDate yearToDate)
    {
        Invariant.Require(
            b.FundPayFen + b.SeriousIllnessPayFen + b.AssistancePayFen + b.AccountPayFen + b.CashPayFen == b.TotalFen,
            "fund + serious illness + assistance + account + cash == total");
        Invariant.Require(b.TotalFen >= 0 && b.SelfPayCFen >= 0 && b.CopayBFen >= 0 && b.EligibleFen >= 0, "bill figures are not negative");
        Invariant.Require(b.DeductibleFen >= 0 && b.FundPayFen >= 0 && b.AccountPayFen >= 0 && b.CashPayFen >= 0, "payments are not negative");
        Invariant.Require(b.DeductibleFen <= b.EligibleFen, "the deductible applied never exceeds the eligible amount");
        Invariant.Require(b.EligibleFen + b.CopayBFen + b.SelfPayCFen == b.TotalFen, "eligible + copay B + self-pay C == total");
        Invariant.Require(yearToDate.FundPaidFen + b.FundPayFen <= Math.Max(policy.AnnualCapFen, yearToDate.FundPaidFen), "the yearly fund total stays within the annual cap");
        Invariant.Require(b.AccountPayFen <= yearToDate.AccountBalanceFen, "the personal account never goes below zero");
        Invariant.Require(b.RatioBp is >= 0 and <= BasisPoints.Whole, "the ratio is within 0..10000 bp");
        AssertTierInvariants(b, policy, yearToDate);
    }

    private static void AssertTierInvariants(SettlementBreakdown b, SchemePolicy policy, YearToDate yearToDate)
    {
        Invariant.Require(b.QualifyingSelfBurdenFen >= 0 && b.SeriousIllnessPayFen >= 0 && b.AssistancePayFen >= 0, "tier figures are not negative");
        Invariant.Require(
            b.QualifyingSelfBurdenFen == (policy.HasTiers ? b.TotalFen - b.SelfPayCFen - TierPay.OverLimitSelfPayFen - b.FundPayFen : 0),
            "qualifying self-burden == total − self-pay C − over-limit self-pay − fund pay (0 without tiers)");
        Invariant.Require(b.SeriousIllnessPayFen + b.AssistancePayFen <= b.QualifyingSelfBurdenFen, "the tiers pay no more than the qualifying self-burden");
        Invariant.Require(
            yearToDate.SeriousIllnessPaidFen + b.SeriousIllnessPayFen
                <= Math.Max(policy.SeriousIllness?.AnnualCapFen ?? 0, yearToDate.SeriousIllnessPaidFen),
            "the yearly serious-illness total stays within its cap");
        Invariant.Require(
            yearToDate.AssistancePaidFen + b.AssistancePayFen <= Math.Max(policy.Assistance?.AnnualCapFen ?? 0, yearToDate.AssistancePaidFen),
            "the yearly assistance total stays within its cap");
    }
}
