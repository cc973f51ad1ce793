using System.Collections.Immutable;
using Clearinghouse.Domain.Settlements;
using static Clearinghouse.Domain.Tests.Support.TestPolicies;
using static Clearinghouse.Domain.Tests.Support.Visits;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>Inputs no validated request can produce are programming errors, refused loudly.</summary>
public sealed class SettlementCalculatorGuardTests
{
    [Fact]
    public void Visit_without_items_is_refused()
    {
        var visit = Inpatient() with { Items = ImmutableArray<LineItem>.Empty };

        Assert.Throws<InvariantViolationException>(() => SettlementCalculator.Calculate(Employee, InpatientLevel2, visit, NothingYet));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Item_amount_that_is_not_positive_is_refused(long amountFen)
    {
        Assert.Throws<InvariantViolationException>(() =>
            SettlementCalculator.Calculate(Employee, InpatientLevel2, Inpatient(A(100), B(amountFen)), NothingYet));
    }

    [Fact]
    public void Rule_of_another_visit_type_is_refused()
    {
        Assert.Throws<InvariantViolationException>(() =>
            SettlementCalculator.Calculate(Employee, OutpatientLevel2, Inpatient(A(100)), NothingYet));
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(0, -1, 0)]
    [InlineData(0, 0, -1)]
    public void Negative_year_to_date_figure_is_refused(long fundPaid, long deductibleUsed, long balance)
    {
        Assert.Throws<InvariantViolationException>(() =>
            SettlementCalculator.Calculate(Employee, InpatientLevel2, Inpatient(A(100)), new YearToDate(fundPaid, deductibleUsed, balance)));
    }

    [Fact]
    public void Bill_of_the_largest_size_does_not_overflow()
    {
        // 1,000 items of 10^10 fen: total 10^13 fen, every product with a ratio stays far inside Int64.
        var items = Enumerable.Range(0, Limits.MaxItemsPerSettlement)
            .Select(i => (i % 3) switch { 0 => A(Limits.MaxAmountFen), 1 => B(Limits.MaxAmountFen), _ => C(Limits.MaxAmountFen) })
            .ToArray();
        var policy = Employee with { AnnualCapFen = Limits.MaxAmountFen };

        var b = SettlementCalculator.Calculate(policy, InpatientLevel2, Inpatient(items), NothingYet);

        // 334 A, 333 B, 333 C; copayB = 10% of 333 × 10^10 exactly.
        Assert.Equal(1_000 * Limits.MaxAmountFen, b.TotalFen);
        Assert.Equal(333 * Limits.MaxAmountFen, b.SelfPayCFen);
        Assert.Equal(333 * Limits.MaxAmountFen / 10, b.CopayBFen);
        Assert.Equal(Limits.MaxAmountFen, b.FundPayFen); // capped
        Assert.Equal(b.TotalFen, b.FundPayFen + b.AccountPayFen + b.CashPayFen);
    }
}
