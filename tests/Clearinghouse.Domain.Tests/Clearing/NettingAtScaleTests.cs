using System.Globalization;
using System.Numerics;
using Clearinghouse.Domain.Clearing;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Clearing;

/// <summary>
/// Netting at the sizes NettingLimits allows, with few iterations: a whole country's regions with every
/// pair trading, and the most pairs a period may hold at the largest amount each.
/// </summary>
public sealed class NettingAtScaleTests
{
    [Fact]
    public void Four_hundred_regions_with_every_pair_trading_agree_with_the_reference() =>
        ObligationGraphs.GraphAtScale.Sample(g =>
        {
            Assert.Equal(ObligationGraphs.RegionsAtScale * (ObligationGraphs.RegionsAtScale - 1), g.Pairs.Length);

            var actual = Netting.Compute(g.Pairs, g.Balances);

            Assert.Equal(NettingProperties.Reference(g), actual);
            Assert.Equal(BigInteger.Zero, actual.Positions.Aggregate(BigInteger.Zero, (sum, p) => sum + p.NetFen));
        }, iter: 2, threads: 1);

    private static readonly string[] Codes = [.. Enumerable.Range(0, 1_001).Select(r => (110_000 + r).ToString("D6", CultureInfo.InvariantCulture))];

    private static string Code(int region) => Codes[region];

    /// <summary>
    /// Every ordered pair of 1,001 regions is 1,001,000 pairs; leaving out the last region's 1,000 pairs as
    /// payer leaves exactly NettingLimits.MaxPairs, each settling NettingLimits.MaxPairAmountFen.
    /// </summary>
    private static IEnumerable<PairObligation> LargestPeriod()
    {
        for (var payer = 0; payer < 1_000; payer++)
        {
            for (var payee = 0; payee <= 1_000; payee++)
            {
                if (payer != payee)
                {
                    yield return new PairObligation(Code(payer), Code(payee), NettingLimits.MaxPairAmountFen, NettingLimits.MaxPairCount, 0, 0);
                }
            }
        }
    }

    [Fact]
    public void The_most_pairs_at_the_largest_amount_net_to_the_worked_figures_and_one_pair_more_is_refused()
    {
        const long pairFen = NettingLimits.MaxPairAmountFen; // 10^12
        var balances = Enumerable.Range(0, 1_000).ToDictionary(Code, _ => pairFen / 2);
        balances[Code(1_000)] = NettingLimits.MaxPrepaymentBalanceFen;

        var result = Netting.Compute(LargestPeriod(), balances);

        // Gross: 10^6 pairs × 10^12 = 10^18 fen, the largest sum the limits allow. Regions 0..999 each pay
        // 1,000 pairs and receive 999 (none from region 1,000): net −10^12. Region 1,000 receives 1,000 pairs: net +10^15.
        // Efficiency: floor((10^18 − 10^15) × 10^4 / 10^18) = floor(9,990) = 9,990 bp.
        Assert.Equal(new NettingSummary(1_000_000_000_000_000_000, 1_000_000_000_000_000, 9_990, 1_001, 1_000_000_000_000_000, 0), result.Summary);
        var debtor = result.Positions[0];
        Assert.Equal(
            (Code(0), 999_000_000_000_000L, 1_000_000_000_000_000L, -1_000_000_000_000L, 500_000_000_000L, 500_000_000_000L, 0L),
            (debtor.RegionCode, debtor.ReceivableTotalFen, debtor.PayableTotalFen, debtor.NetFen, debtor.PrepaymentDrawnFen, debtor.AmountDueFen, debtor.PrepaymentBalanceAfterFen));
        Assert.All(result.Positions.Take(1_000), p => Assert.Equal(-pairFen, p.NetFen));
        var creditor = result.Positions[1_000];
        Assert.Equal(
            (Code(1_000), 1_000_000_000_000_000L, 1_000_000_000_000_000L, 0L, NettingLimits.MaxPrepaymentBalanceFen),
            (creditor.RegionCode, creditor.ReceivableTotalFen, creditor.NetFen, creditor.PrepaymentDrawnFen, creditor.PrepaymentBalanceAfterFen));
        // 1,000 draws, 1,000 dues, one payout.
        Assert.Equal(2_001, result.Transfers.Length);

        var oneMore = LargestPeriod().Append(new PairObligation(Code(1_000), Code(0), 1, 1, 0, 0));
        Assert.Throws<InvariantViolationException>(() => Netting.Compute(oneMore, balances));
    }
}
