using Clearinghouse.Domain.Settlements;
using static Clearinghouse.Domain.Tests.Support.TestPolicies;
using static Clearinghouse.Domain.Tests.Support.Visits;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>起付线 for an inpatient stay: the full deductible, per admission.</summary>
public sealed class InpatientDeductibleExamples
{
    [Fact]
    public void Inpatient_stay_applies_the_full_deductible_then_floors_the_fund_share()
    {
        // Level 3 inpatient: deductible 120,000, ratio 8000; active, registered, account not used.
        //   total      = 500,001 + 300,000 + 45,678            = 845,679
        //   selfPayC   = 45,678
        //   copayB     = round-half-up(300,000 × 1000 / 10000)  = 30,000
        //   eligible   = 500,001 + 300,000 − 30,000             = 770,001
        //   deductible = min(770,001, 120,000)                  = 120,000
        //   fundRaw    = floor(650,001 × 8000 / 10000)          = floor(520,000.8) = 520,000
        //   fundPay    = min(520,000, 40,000,000 − 0)           = 520,000
        //   patient    = 845,679 − 520,000                      = 325,679 → all cash
        var visit = Inpatient(A(500_001), B(300_000), C(45_678));

        var b = SettlementCalculator.Calculate(Employee, InpatientLevel3, visit, NothingYet);

        Assert.Equal(new SettlementBreakdown(
            TotalFen: 845_679, SelfPayCFen: 45_678, CopayBFen: 30_000, EligibleFen: 770_001, DeductibleFen: 120_000,
            RatioBp: 8_000, FundPayFen: 520_000, AccountPayFen: 0, CashPayFen: 325_679), b);
    }

    [Fact]
    public void Inpatient_deductible_is_per_admission_whatever_the_outpatient_deductible_used()
    {
        // The same stay when 100,000 of outpatient deductible was already used this year: the
        // inpatient deductible is per admission, so the figures do not move.
        var visit = Inpatient(A(500_001), B(300_000), C(45_678));
        var used = new YearToDate(FundPaidFen: 0, OutpatientDeductibleUsedFen: 100_000, AccountBalanceFen: 0);

        var b = SettlementCalculator.Calculate(Employee, InpatientLevel3, visit, used);

        Assert.Equal(120_000, b.DeductibleFen);
        Assert.Equal(520_000, b.FundPayFen);
    }

    [Fact]
    public void Stay_below_the_deductible_is_paid_entirely_by_the_patient()
    {
        // Level 2 inpatient (deductible 80,000): eligible 79,999 is all deductible, fund 0.
        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, Inpatient(A(79_999)), NothingYet);

        Assert.Equal(new SettlementBreakdown(
            TotalFen: 79_999, SelfPayCFen: 0, CopayBFen: 0, EligibleFen: 79_999, DeductibleFen: 79_999,
            RatioBp: 8_500, FundPayFen: 0, AccountPayFen: 0, CashPayFen: 79_999), b);
    }
}
