using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;
using static Clearinghouse.Domain.Tests.Support.TestPolicies;
using static Clearinghouse.Domain.Tests.Support.Visits;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>甲类 / 乙类 / 丙类: C is self-paid; B is covered after the 乙类先行自付 copay, rounded half-up.</summary>
public sealed class ItemCategoryExamples
{
    // A rule with no deductible, so that the eligible amount goes straight to the ratio.
    private static readonly BenefitRule NoDeductible = new(VisitType.Inpatient, 2, DeductibleFen: 0, RatioBp: 10_000);

    private static SchemePolicy WithCopay(int bp) => Employee with { CategoryBCopayBp = bp };

    [Fact]
    public void Category_C_only_visit_is_entirely_self_paid()
    {
        // total 12,500 = selfPayC; copayB 0; eligible 0; deductible min(0, 80,000) = 0; fund 0; cash 12,500
        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, Inpatient(C(10_000), C(2_500)), NothingYet);

        Assert.Equal(new SettlementBreakdown(12_500, 12_500, 0, 0, 0, 8_500, 0, 0, 12_500), b);
    }

    [Fact]
    public void Category_C_only_visit_with_the_account_pays_from_the_account()
    {
        var visit = Inpatient(C(10_000), C(2_500)) with { UsePersonalAccount = true };
        var ytd = new YearToDate(0, 0, AccountBalanceFen: 5_000);

        var b = SettlementCalculator.Calculate(Employee, InpatientLevel2, visit, ytd);

        Assert.Equal(new SettlementBreakdown(12_500, 12_500, 0, 0, 0, 8_500, 0, 5_000, 7_500), b);
    }

    [Theory]
    // sumB × bp / 10000 exactly at .5 fen rounds up:
    [InlineData(1, 5_000, 1)]       // 0.5 → 1
    [InlineData(3, 5_000, 2)]       // 1.5 → 2
    [InlineData(5, 1_000, 1)]       // 0.5 → 1
    [InlineData(15, 1_000, 2)]      // 1.5 → 2
    // just below .5 rounds down, just above rounds up:
    [InlineData(1, 4_999, 0)]       // 0.4999 → 0
    [InlineData(1, 5_001, 1)]       // 0.5001 → 1
    [InlineData(2, 5_000, 1)]       // 1.0 → 1
    [InlineData(10_001, 1_000, 1_000)] // 1,000.1 → 1,000
    [InlineData(10_005, 1_000, 1_001)] // 1,000.5 → 1,001
    // ends of the range:
    [InlineData(12_345, 0, 0)]
    [InlineData(12_345, 10_000, 12_345)]
    public void Category_B_copay_rounds_half_up_to_the_fen(long sumB, int copayBp, long expectedCopay)
    {
        var b = SettlementCalculator.Calculate(WithCopay(copayBp), NoDeductible, Inpatient(B(sumB)), NothingYet);

        Assert.Equal(expectedCopay, b.CopayBFen);
        Assert.Equal(sumB - expectedCopay, b.EligibleFen);
        // Ratio 10000 and no deductible: the fund pays the whole eligible amount, the patient the copay.
        Assert.Equal(sumB - expectedCopay, b.FundPayFen);
        Assert.Equal(expectedCopay, b.CashPayFen);
    }

    [Fact]
    public void Category_B_copay_is_taken_on_the_sum_of_B_items_not_per_item()
    {
        // Three B items of 1 fen at 5000 bp: per item each would round to 1 (total 3); on the sum,
        // round-half-up(3 × 0.5) = round-half-up(1.5) = 2.
        var b = SettlementCalculator.Calculate(WithCopay(5_000), NoDeductible, Inpatient(B(1), B(1), B(1)), NothingYet);

        Assert.Equal(2, b.CopayBFen);
        Assert.Equal(1, b.EligibleFen);
    }

    [Fact]
    public void Mixed_visit_sums_each_category()
    {
        // A 100 + 200; B 333 + 667 = 1,000 (copay 10% = 100); C 50.
        // total 1,350; eligible 300 + 1,000 − 100 = 1,200; ratio 10000, no deductible → fund 1,200; cash 150
        var visit = Inpatient(A(100), B(333), C(50), A(200), B(667));

        var b = SettlementCalculator.Calculate(Employee, NoDeductible, visit, NothingYet);

        Assert.Equal(new SettlementBreakdown(1_350, 50, 100, 1_200, 0, 10_000, 1_200, 0, 150), b);
    }
}
