using Clearinghouse.Domain.Policies;
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

            // The rule is looked up as the person grain looks it up; the reference uses the one the generator wrote.
            var selected = g.Policy.RuleFor(g.Visit.VisitType, g.HospitalLevel);
            Assert.Equal(g.Rule, selected);
            var actual = SettlementCalculator.Calculate(g.Policy, selected!, g.Visit, g.YearToDate);

            Assert.Equal(expected, actual);
            var sumB = g.Visit.Items.Where(i => i.Category == ItemCategory.B).Sum(i => i.AmountFen);
            coverage.Hit("copay B exactly at .5 fen", (Int128)sumB * g.Policy.CategoryBCopayBp % 10_000 == 5_000);
            coverage.Hit("fund share floored", actual.FundPayFen > 0
                && (Int128)(actual.EligibleFen - actual.DeductibleFen) * actual.RatioBp % 10_000 != 0);
            coverage.Hit("other visit type at the same level", g.Policy.Rules.Any(r => r.VisitType != g.Visit.VisitType && r.HospitalLevel == g.HospitalLevel));
            coverage.Hit("same visit type at another level", g.Policy.Rules.Any(r => r.VisitType == g.Visit.VisitType && r.HospitalLevel != g.HospitalLevel));
            coverage.Hit("more than 500 lines", g.Visit.Items.Length > 500);
            coverage.Hit("a line at the 10^10 fen limit", g.Visit.Items.Any(i => i.AmountFen == Limits.MaxAmountFen));
            coverage.Hit("bill above 10^12 fen", actual.TotalFen > 1_000_000_000_000);
        }, iter: Iterations);

        output.WriteLine(coverage.ToString());
        coverage.RequireAtLeast(100,
            "copay B exactly at .5 fen", "fund share floored", "other visit type at the same level", "same visit type at another level",
            "more than 500 lines", "a line at the 10^10 fen limit", "bill above 10^12 fen");
    }

    /// <summary>
    /// A policy answers each (visit type, hospital level) with the rule written for exactly that pair, or
    /// none: checked against a plain search of the rules, for every pair, over policies of one to six rules.
    /// </summary>
    [Fact]
    public void Each_visit_type_and_hospital_level_finds_its_own_rule_or_none()
    {
        var coverage = new Coverage();

        Generators.GeneratedVisit.Sample(g =>
        {
            foreach (var visitType in new[] { VisitType.Outpatient, VisitType.Inpatient })
            {
                for (var level = 0; level <= Limits.MaxHospitalLevel + 1; level++)
                {
                    var written = g.Policy.Rules.Where(r => r.VisitType == visitType && r.HospitalLevel == level).ToList();
                    Assert.True(written.Count <= 1, "the generator writes at most one rule per pair");

                    Assert.Equal(written.SingleOrDefault(), g.Policy.RuleFor(visitType, level));
                    coverage.Hit("no rule for the pair", written.Count == 0 && level is >= Limits.MinHospitalLevel and <= Limits.MaxHospitalLevel);
                }
            }
            coverage.Hit("six rules", g.Policy.Rules.Length == 6);
            coverage.Hit("one rule", g.Policy.Rules.Length == 1);
        }, iter: 2_000);

        output.WriteLine(coverage.ToString());
        coverage.RequireAtLeast(20, "no rule for the pair", "six rules", "one rule");
    }
}
