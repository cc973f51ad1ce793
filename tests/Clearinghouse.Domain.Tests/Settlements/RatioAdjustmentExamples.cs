using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;
using static Clearinghouse.Domain.Tests.Support.TestPolicies;
using static Clearinghouse.Domain.Tests.Support.Visits;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>报销比例: base ratio + retired bonus − unregistered reduction, clamped to 0..10000 bp.</summary>
public sealed class RatioAdjustmentExamples
{
    // Level 2 inpatient (deductible 80,000, base ratio 8500) with one category A item of 1,000,001:
    // eligible 1,000,001, deductible 80,000, so the fund's base is 920,001 in every case below.
    private static VisitFacts Stay(PersonCategory category, bool registered) =>
        Inpatient(A(1_000_001)) with { Category = category, RegisteredForCareRegion = registered };

    [Fact]
    public void Active_registered_person_gets_the_base_ratio()
    {
        // floor(920,001 × 8500 / 10000) = floor(782,000.85) = 782,000
        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, Stay(PersonCategory.Active, registered: true), NothingYet);

        Assert.Equal(new SettlementBreakdown(1_000_001, 0, 0, 1_000_001, 80_000, 8_500, 782_000, 0, 218_001), b);
    }

    [Fact]
    public void Retired_person_gets_the_retired_bonus()
    {
        // ratio 8500 + 1000 = 9500; floor(920,001 × 0.95) = floor(874,000.95) = 874,000; patient 126,001
        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, Stay(PersonCategory.Retired, registered: true), NothingYet);

        Assert.Equal(new SettlementBreakdown(1_000_001, 0, 0, 1_000_001, 80_000, 9_500, 874_000, 0, 126_001), b);
    }

    [Fact]
    public void Unregistered_person_gets_the_reduction()
    {
        // ratio 8500 − 1000 = 7500; floor(920,001 × 0.75) = floor(690,000.75) = 690,000; patient 310,001
        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, Stay(PersonCategory.Active, registered: false), NothingYet);

        Assert.Equal(new SettlementBreakdown(1_000_001, 0, 0, 1_000_001, 80_000, 7_500, 690_000, 0, 310_001), b);
    }

    [Fact]
    public void Retired_and_unregistered_adjustments_add_up()
    {
        // ratio 8500 + 1000 − 1000 = 8500 → 782,000 as for the active registered person.
        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, Stay(PersonCategory.Retired, registered: false), NothingYet);

        Assert.Equal(8_500, b.RatioBp);
        Assert.Equal(782_000, b.FundPayFen);
    }

    [Fact]
    public void Ratio_above_100_percent_is_clamped_to_10000()
    {
        // base 9500 + retired 1000 = 10500 → clamped to 10000: the fund pays all 920,001 above the deductible.
        var rule = new BenefitRule(VisitType.Inpatient, 2, 80_000, 9_500);

        var b = SettlementCalculator.Calculate(Employee, rule, Stay(PersonCategory.Retired, registered: true), NothingYet);

        Assert.Equal(new SettlementBreakdown(1_000_001, 0, 0, 1_000_001, 80_000, 10_000, 920_001, 0, 80_000), b);
    }

    [Fact]
    public void Ratio_below_zero_is_clamped_to_0()
    {
        // base 8500 − reduction 10000 = −1500 → clamped to 0: the fund pays nothing, the patient everything.
        var policy = Employee with { UnregisteredReductionBp = 10_000 };

        var b = SettlementCalculator.Calculate(policy, InpatientLevel2, Stay(PersonCategory.Active, registered: false), NothingYet);

        Assert.Equal(new SettlementBreakdown(1_000_001, 0, 0, 1_000_001, 80_000, 0, 0, 0, 1_000_001), b);
    }

    [Fact]
    public void Clamping_happens_after_both_adjustments_not_after_each()
    {
        // base 9500 + retired 1000 − unregistered 1000 = 9500 (clamping after the bonus alone would give 9000).
        var rule = new BenefitRule(VisitType.Inpatient, 2, 80_000, 9_500);

        var b = SettlementCalculator.Calculate(Employee, rule, Stay(PersonCategory.Retired, registered: false), NothingYet);

        // floor(920,001 × 0.95) = 874,000
        Assert.Equal(9_500, b.RatioBp);
        Assert.Equal(874_000, b.FundPayFen);
    }
}
