using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;
using Xunit.Abstractions;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>The invariants of one settlement (docs/domain.md), over thousands of generated visits.</summary>
public sealed class SettlementInvariantProperties(ITestOutputHelper output)
{
    private const int Iterations = 20_000;

    [Fact]
    public void Every_generated_visit_keeps_the_money_invariants()
    {
        var coverage = new Coverage();

        Generators.GeneratedVisit.Sample(g =>
        {
            PolicyValidator.Validate(new Policy([g.Policy]));
            var ytd = g.YearToDate;

            var b = SettlementCalculator.Calculate(g.Policy, g.Rule, g.Visit, ytd);

            // fund + account + cash == total, and total is the bill.
            Assert.Equal(b.TotalFen, b.FundPayFen + b.AccountPayFen + b.CashPayFen);
            Assert.Equal(g.Visit.Items.Sum(i => i.AmountFen), b.TotalFen);
            Assert.Equal(b.TotalFen, b.EligibleFen + b.CopayBFen + b.SelfPayCFen);
            // Every figure ≥ 0.
            Assert.All(
                new[] { b.TotalFen, b.SelfPayCFen, b.CopayBFen, b.EligibleFen, b.DeductibleFen, b.FundPayFen, b.AccountPayFen, b.CashPayFen },
                fen => Assert.True(fen >= 0, $"negative figure in {b}"));
            // The deductible never exceeds the eligible amount, and the fund never pays more than is eligible above it.
            Assert.True(b.DeductibleFen <= b.EligibleFen, $"deductible > eligible in {b}");
            Assert.True(b.FundPayFen <= b.EligibleFen - b.DeductibleFen, $"fund > eligible − deductible in {b}");
            // The yearly fund total stays within the cap; a year already past the cap pays nothing more.
            if (ytd.FundPaidFen <= g.Policy.AnnualCapFen)
            {
                Assert.True(ytd.FundPaidFen + b.FundPayFen <= g.Policy.AnnualCapFen, $"cap exceeded: {ytd} + {b}");
            }
            else
            {
                Assert.Equal(0, b.FundPayFen);
            }
            // The account pays at most its balance, and only when asked.
            Assert.True(b.AccountPayFen <= ytd.AccountBalanceFen, $"account overdrawn: {ytd} {b}");
            if (!g.Visit.UsePersonalAccount)
            {
                Assert.Equal(0, b.AccountPayFen);
            }
            // The ratio is within 0..10000 bp.
            Assert.InRange(b.RatioBp, 0, 10_000);

            coverage.Hit("cap binds mid-visit", b.FundPayFen > 0 && ytd.FundPaidFen + b.FundPayFen == g.Policy.AnnualCapFen);
            coverage.Hit("cap exhausted", ytd.FundPaidFen >= g.Policy.AnnualCapFen);
            coverage.Hit("deductible partly left", b.DeductibleFen > 0 && b.DeductibleFen < b.EligibleFen);
            coverage.Hit("account partly covers", b.AccountPayFen > 0 && b.CashPayFen > 0);
            coverage.Hit("account covers all", b.AccountPayFen > 0 && b.CashPayFen == 0);
            coverage.Hit("ratio clamped to 10000", b.RatioBp == 10_000);
            coverage.Hit("ratio clamped to 0", b.RatioBp == 0);
        }, iter: Iterations);

        output.WriteLine(coverage.ToString());
        coverage.RequireAtLeast(100,
            "cap binds mid-visit", "cap exhausted", "deductible partly left", "account partly covers",
            "account covers all", "ratio clamped to 10000", "ratio clamped to 0");
    }
}
