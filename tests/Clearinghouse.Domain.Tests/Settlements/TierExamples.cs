using Clearinghouse.Domain.Settlements;
using static Clearinghouse.Domain.Tests.Support.TestPolicies;
using static Clearinghouse.Domain.Tests.Support.TierPolicies;
using static Clearinghouse.Domain.Tests.Support.Visits;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>
/// 三级赔付: the basic fund, then serious-illness insurance (大病保险) on the yearly qualifying self-burden above
/// its threshold, by bands, then medical assistance (医疗救助). The examples of docs/domain.md, to the fen.
/// </summary>
public sealed class TierExamples
{
    [Fact]
    public void A_scheme_without_tiers_settles_as_before_with_every_tier_figure_zero()
    {
        var visit = Inpatient(A(400_000), B(200_000), C(50_000)) with { AssistanceStatus = AssistanceStatus.ExtremePoverty };

        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, visit, NothingYet);

        Assert.Equal(new SettlementBreakdown(650_000, 50_000, 20_000, 580_000, 80_000, 8_500, 425_000, 0, 225_000), b);
        Assert.Equal(425_000, b.ObligationFen);
    }

    [Fact]
    public void A_visit_below_the_threshold_counts_its_self_burden_and_pays_no_serious_illness()
    {
        // total 650,000; copay B 20,000; eligible 580,000; deductible 80,000; fund floor(500,000 × 0.85) = 425,000.
        // qualifying = 650,000 − C 50,000 − over-limit 0 − fund 425,000 = 175,000
        //            = copay B 20,000 + deductible 80,000 + coinsurance 75,000. The year's 175,000 < threshold 1,500,000.
        var b = SettlementCalculator.Calculate(Tiered, InpatientLevel2, Inpatient(A(400_000), B(200_000), C(50_000)), NothingYet);

        Assert.Equal(new SettlementBreakdown(650_000, 50_000, 20_000, 580_000, 80_000, 8_500, 425_000, 0, 225_000, 175_000, 0, 0), b);
    }

    [Fact]
    public void A_visit_crossing_the_threshold_and_a_band_pays_each_band_at_its_ratio_floored_once()
    {
        // Fund already at 39,000,000 of 40,000,000: fund pay = min(floor(9,920,003 × 0.85), 1,000,000) = 1,000,000.
        // qualifying = 10,200,003 − 200,000 − 1,000,000 = 9,000,003; the year goes 1,400,000 → 10,400,003.
        // (1,500,000, 10,000,000] at 60%: 8,500,000 × 6,000 = 51,000,000,000
        // (10,000,000, 10,400,003] at 70%:  400,003 × 7,000 =  2,800,021,000
        // serious illness = floor(53,800,021,000 / 10,000) = 5,380,002; patient 10,200,003 − 1,000,000 − 5,380,002 = 3,820,001.
        var ytd = new YearToDate(39_000_000, 0, 0, QualifyingSelfBurdenFen: 1_400_000);

        var b = SettlementCalculator.Calculate(Tiered, InpatientLevel2, Inpatient(A(10_000_003), C(200_000)), ytd);

        Assert.Equal(
            new SettlementBreakdown(10_200_003, 200_000, 0, 10_000_003, 80_000, 8_500, 1_000_000, 0, 3_820_001, 9_000_003, 5_380_002, 0), b);
        Assert.Equal(6_380_002, b.ObligationFen);
    }

    [Fact]
    public void Band_products_are_summed_before_the_single_floor()
    {
        // The year goes 1,500,001 → 10,400,001: 8,499,999 × 0.6 = 5,099,999.4 and 400,001 × 0.7 = 280,000.7;
        // floored once 5,380,000 (each floored apart it would be 5,379,999).
        var ytd = new YearToDate(AnnualCapFen, 0, 0, QualifyingSelfBurdenFen: 1_500_001);

        var b = SettlementCalculator.Calculate(Tiered, InpatientLevel2, Inpatient(A(8_900_000)), ytd);

        Assert.Equal(0, b.FundPayFen);
        Assert.Equal(8_900_000, b.QualifyingSelfBurdenFen);
        Assert.Equal(5_380_000, b.SeriousIllnessPayFen);
    }

    [Fact]
    public void The_serious_illness_cap_reached_mid_visit_cuts_its_pay_to_what_is_left()
    {
        // Fund cap used up: fund 0, qualifying = 2,000,000, all in the 80% band (the year is past 20,000,000):
        // 1,600,000 by the band, but only 40,000,000 − 39,000,000 = 1,000,000 left under the cap.
        var ytd = new YearToDate(AnnualCapFen, 0, 0, QualifyingSelfBurdenFen: 60_000_000, SeriousIllnessPaidFen: 39_000_000);

        var b = SettlementCalculator.Calculate(Tiered, InpatientLevel2, Inpatient(A(2_000_000)), ytd);

        Assert.Equal(2_000_000, b.QualifyingSelfBurdenFen);
        Assert.Equal(1_000_000, b.SeriousIllnessPayFen);
        Assert.Equal(1_000_000, b.CashPayFen);
        Assert.Equal(SeriousIllnessCapFen, ytd.SeriousIllnessPaidFen + b.SeriousIllnessPayFen);

        var capped = SettlementCalculator.Calculate(Tiered, InpatientLevel2, Inpatient(A(2_000_000)), ytd with { SeriousIllnessPaidFen = SeriousIllnessCapFen });
        Assert.Equal(0, capped.SeriousIllnessPayFen);
    }

    [Fact]
    public void Assistance_pays_its_ratio_of_what_both_insurance_tiers_left_then_the_account_and_cash()
    {
        // The band-crossing visit for a 低保 person with 1,000,000 in the account:
        // assistance = floor((9,000,003 − 5,380,002) × 0.7) = floor(2,534,000.7) = 2,534,000;
        // patient 10,200,003 − 1,000,000 − 5,380,002 − 2,534,000 = 1,286,001: account 1,000,000, cash 286,001.
        var visit = Inpatient(A(10_000_003), C(200_000)) with { AssistanceStatus = AssistanceStatus.MinimumLiving, UsePersonalAccount = true };
        var ytd = new YearToDate(39_000_000, 0, 1_000_000, QualifyingSelfBurdenFen: 1_400_000);

        var b = SettlementCalculator.Calculate(Tiered, InpatientLevel2, visit, ytd);

        Assert.Equal(
            new SettlementBreakdown(10_200_003, 200_000, 0, 10_000_003, 80_000, 8_500, 1_000_000, 1_000_000, 286_001, 9_000_003, 5_380_002, 2_534_000), b);
        Assert.Equal(1_000_000 + 5_380_002 + 2_534_000 + 1_000_000, b.ObligationFen);
    }

    [Fact]
    public void Assistance_stops_at_its_yearly_cap_and_pays_nothing_without_a_status()
    {
        // 特困 100% of 3,620,001, but only 5,000,000 − 4,000,000 = 1,000,000 left.
        var visit = Inpatient(A(10_000_003), C(200_000)) with { AssistanceStatus = AssistanceStatus.ExtremePoverty };
        var ytd = new YearToDate(39_000_000, 0, 0, QualifyingSelfBurdenFen: 1_400_000, AssistancePaidFen: 4_000_000);

        Assert.Equal(1_000_000, SettlementCalculator.Calculate(Tiered, InpatientLevel2, visit, ytd).AssistancePayFen);
        Assert.Equal(0, SettlementCalculator.Calculate(Tiered, InpatientLevel2, visit with { AssistanceStatus = AssistanceStatus.None }, ytd).AssistancePayFen);
        // 低收入 50%: floor(3,620,001 × 0.5) = 1,810,000, within the cap from 0.
        Assert.Equal(1_810_000, SettlementCalculator.Calculate(
            Tiered, InpatientLevel2, visit with { AssistanceStatus = AssistanceStatus.LowIncome }, ytd with { AssistancePaidFen = 0 }).AssistancePayFen);
    }

    [Fact]
    public void Category_C_never_qualifies()
    {
        var onlyC = SettlementCalculator.Calculate(Tiered, InpatientLevel2, Inpatient(C(50_000_000)), NothingYet);

        Assert.Equal(0, onlyC.QualifyingSelfBurdenFen);
        Assert.Equal(0, onlyC.SeriousIllnessPayFen);
        Assert.Equal(50_000_000, onlyC.CashPayFen);
    }
}
