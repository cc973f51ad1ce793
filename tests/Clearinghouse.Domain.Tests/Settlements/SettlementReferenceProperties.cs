using Clearinghouse.Domain.Settlements;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;
using Xunit.Abstractions;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>The calculator agrees, figure by figure, with an independent reading of docs/domain.md.</summary>
public sealed class SettlementReferenceProperties(ITestOutputHelper output)
{
    private const int Iterations = 20_000;

    [Fact]
    public void Calculator_equals_the_reference_recomputation_on_every_generated_visit()
    {
        var coverage = new Coverage();

        Generators.GeneratedVisit.Sample(g =>
        {
            var expected = ReferenceSettlement.Compute(g.Policy, g.Rule, g.Visit, g.YearToDate);

            var actual = SettlementCalculator.Calculate(g.Policy, g.Rule, g.Visit, g.YearToDate);

            Assert.Equal(expected, actual);
            var sumB = g.Visit.Items.Where(i => i.Category == ItemCategory.B).Sum(i => i.AmountFen);
            coverage.Hit("copay B exactly at .5 fen", (Int128)sumB * g.Policy.CategoryBCopayBp % 10_000 == 5_000);
            coverage.Hit("fund share floored", actual.FundPayFen > 0
                && (Int128)(actual.EligibleFen - actual.DeductibleFen) * actual.RatioBp % 10_000 != 0);
        }, iter: Iterations);

        output.WriteLine(coverage.ToString());
        coverage.RequireAtLeast(100, "copay B exactly at .5 fen", "fund share floored");
    }

    [Fact]
    public void Calculator_is_deterministic()
    {
        Generators.GeneratedVisit.Sample(g =>
            Assert.Equal(
                SettlementCalculator.Calculate(g.Policy, g.Rule, g.Visit, g.YearToDate),
                SettlementCalculator.Calculate(g.Policy, g.Rule, g.Visit, g.YearToDate)), iter: 1_000);
    }
}
