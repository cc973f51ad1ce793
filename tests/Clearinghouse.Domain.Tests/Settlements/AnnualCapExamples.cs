using Clearinghouse.Domain.Settlements;
using static Clearinghouse.Domain.Tests.Support.TestPolicies;
using static Clearinghouse.Domain.Tests.Support.Visits;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>封顶线: the pooled fund pays at most the annual cap for one person in one calendar year.</summary>
public sealed class AnnualCapExamples
{
    // Level 2 inpatient, A 1,000,001: fundRaw = floor(920,001 × 0.85) = 782,000 (see RatioAdjustmentExamples).
    private static readonly VisitFacts Stay = Inpatient(A(1_000_001));

    [Fact]
    public void Cap_reached_mid_visit_cuts_the_fund_share_to_what_is_left()
    {
        // cap 40,000,000, already paid 39,900,000 → left 100,000; fund = min(782,000, 100,000) = 100,000
        // patient = 1,000,001 − 100,000 = 900,001
        var ytd = new YearToDate(FundPaidFen: 39_900_000, OutpatientDeductibleUsedFen: 0, AccountBalanceFen: 0);

        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, Stay, ytd);

        Assert.Equal(new SettlementBreakdown(1_000_001, 0, 0, 1_000_001, 80_000, 8_500, 100_000, 0, 900_001), b);
        Assert.Equal(AnnualCapFen, ytd.FundPaidFen + b.FundPayFen);
    }

    [Fact]
    public void Cap_left_exactly_equal_to_the_fund_share_pays_it_in_full()
    {
        var ytd = new YearToDate(FundPaidFen: AnnualCapFen - 782_000, OutpatientDeductibleUsedFen: 0, AccountBalanceFen: 0);

        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, Stay, ytd);

        Assert.Equal(782_000, b.FundPayFen);
    }

    [Fact]
    public void Cap_already_exhausted_pays_nothing()
    {
        var ytd = new YearToDate(FundPaidFen: AnnualCapFen, OutpatientDeductibleUsedFen: 0, AccountBalanceFen: 0);

        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, Stay, ytd);

        Assert.Equal(new SettlementBreakdown(1_000_001, 0, 0, 1_000_001, 80_000, 8_500, 0, 0, 1_000_001), b);
    }

    [Fact]
    public void Paid_above_a_lowered_cap_pays_nothing_rather_than_a_negative_amount()
    {
        // A later policy version lowered the cap below what the person was already paid this year.
        var ytd = new YearToDate(FundPaidFen: AnnualCapFen + 1, OutpatientDeductibleUsedFen: 0, AccountBalanceFen: 0);

        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, Stay, ytd);

        Assert.Equal(0, b.FundPayFen);
        Assert.Equal(1_000_001, b.CashPayFen);
    }

    [Fact]
    public void Zero_cap_pays_nothing()
    {
        var b = SettlementCalculator.Calculate(Employee with { AnnualCapFen = 0 }, InpatientLevel2, Stay, NothingYet);

        Assert.Equal(0, b.FundPayFen);
        Assert.Equal(1_000_001, b.CashPayFen);
    }
}
