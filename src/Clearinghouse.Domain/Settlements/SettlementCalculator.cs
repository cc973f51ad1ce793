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

        // Steps 1–2: each line's part within its catalogue price limit goes to its category's sum, the excess to
        // over-limit self-pay (超限价自付), C lines included: lines priced without a catalogue have no excess.
        long sumA = 0, sumB = 0, sumC = 0, overLimit = 0;
        foreach (var item in visit.Items)
        {
            Invariant.Require(item.AmountFen > 0, "item amounts are positive");
            Invariant.Require(item.OverLimitFen >= 0 && item.OverLimitFen <= item.AmountFen, "a line's over-limit part lies within its amount");
            overLimit = checked(overLimit + item.OverLimitFen);
            var within = item.WithinLimitFen;
            switch (item.Category)
            {
                case ItemCategory.A: sumA = checked(sumA + within); break;
                case ItemCategory.B: sumB = checked(sumB + within); break;
                case ItemCategory.C: sumC = checked(sumC + within); break;
                default: throw new InvariantViolationException($"unknown item category {item.Category}");
            }
        }

        // Steps 3–5: what the fund may cover at all.
        var total = checked(sumA + sumB + sumC + overLimit);
        var copayB = BasisPoints.ApplyRoundHalfUp(sumB, policy.CategoryBCopayBp);
        var eligible = sumA + sumB - copayB;

        // Step 6: inpatient deductible is per admission; outpatient is per calendar year.
        var deductibleLeft = visit.VisitType == VisitType.Inpatient
            ? rule.DeductibleFen
            : Math.Max(0, rule.DeductibleFen - yearToDate.OutpatientDeductibleUsedFen);
        var deductibleApplied = Math.Min(eligible, deductibleLeft);

        // Step 7: the ratio, adjusted for retirement and for a missing registration, clamped to 0..100%.
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

        // Steps 8–9: the fund pays its share, floored, and never past the annual cap.
        var fundRaw = BasisPoints.ApplyFloor(eligible - deductibleApplied, ratio);
        var capLeft = Math.Max(0, policy.AnnualCapFen - yearToDate.FundPaidFen);
        var fundPay = Math.Min(fundRaw, capLeft);

        // Steps 10–12: the serious-illness and assistance tiers, only for a scheme that has one.
        var (qualifying, seriousIllnessPay, assistancePay) = TierPay.Of(policy, visit.AssistanceStatus, yearToDate, total, sumC, overLimit, fundPay);

        // Steps 13–15: the patient's share (over-limit self-pay included), from the personal account first if asked.
        var patientShare = total - fundPay - seriousIllnessPay - assistancePay;
        var accountPay = visit.UsePersonalAccount ? Math.Min(patientShare, yearToDate.AccountBalanceFen) : 0;
        var cashPay = patientShare - accountPay;

        var breakdown = new SettlementBreakdown(
            total, sumC, copayB, eligible, deductibleApplied, ratio, fundPay, accountPay, cashPay,
            qualifying, seriousIllnessPay, assistancePay, overLimit);
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
        Invariant.Require(b.OverLimitSelfPayFen >= 0, "over-limit self-pay is not negative");
        Invariant.Require(
            b.EligibleFen + b.CopayBFen + b.SelfPayCFen + b.OverLimitSelfPayFen == b.TotalFen,
            "eligible + copay B + self-pay C + over-limit self-pay == total");
        Invariant.Require(yearToDate.FundPaidFen + b.FundPayFen <= Math.Max(policy.AnnualCapFen, yearToDate.FundPaidFen), "the yearly fund total stays within the annual cap");
        Invariant.Require(b.AccountPayFen <= yearToDate.AccountBalanceFen, "the personal account never goes below zero");
        Invariant.Require(b.RatioBp is >= 0 and <= BasisPoints.Whole, "the ratio is within 0..10000 bp");
        AssertTierInvariants(b, policy, yearToDate);
    }

    private static void AssertTierInvariants(SettlementBreakdown b, SchemePolicy policy, YearToDate yearToDate)
    {
        Invariant.Require(b.QualifyingSelfBurdenFen >= 0 && b.SeriousIllnessPayFen >= 0 && b.AssistancePayFen >= 0, "tier figures are not negative");
        Invariant.Require(
            b.QualifyingSelfBurdenFen == (policy.HasTiers ? b.TotalFen - b.SelfPayCFen - b.OverLimitSelfPayFen - b.FundPayFen : 0),
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
