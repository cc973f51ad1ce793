using System.Collections.Immutable;
using System.Numerics;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;
using Xunit.Abstractions;

namespace Clearinghouse.Domain.Tests.Clearing;

/// <summary>The invariants of netting (docs/domain.md), over thousands of random obligation graphs.</summary>
public sealed class NettingProperties(ITestOutputHelper output)
{
    private const int Iterations = 2_000;

    [Fact]
    public void One_regions_position_from_the_pairs_it_is_party_to_is_its_position_in_the_whole_netting()
    {
        ObligationGraphs.Graph.Sample(g =>
        {
            var whole = Netting.Compute(g.Pairs, g.Balances);
            var regions = g.Pairs.SelectMany(p => new[] { p.InsuredRegionCode, p.CareRegionCode }).Concat(g.Balances.Keys).Append("999999").Distinct();
            foreach (var region in regions)
            {
                var balance = g.Balances.GetValueOrDefault(region);
                var alone = Netting.PositionOf(region, g.Pairs, balance);
                Assert.Equal(whole.PositionOf(region) ?? new RegionPosition(region, [], 0, 0, 0, 0, 0, balance), alone);
            }
        }, iter: Iterations / 4);
    }

    [Fact]
    public void Every_graph_keeps_the_netting_invariants()
    {
        var coverage = new Coverage();

        ObligationGraphs.Graph.Sample(g =>
        {
            var result = Netting.Compute(g.Pairs, g.Balances);

            // Net positions sum to exactly 0.
            Assert.Equal(0, result.Positions.Sum(p => p.NetFen));
            foreach (var p in result.Positions)
            {
                // Each region's net == receivable total − payable total == Σ lines.
                Assert.Equal(p.ReceivableTotalFen - p.PayableTotalFen, p.NetFen);
                Assert.Equal(p.Lines.Sum(l => l.ReceivableFen), p.ReceivableTotalFen);
                Assert.Equal(p.Lines.Sum(l => l.PayableFen), p.PayableTotalFen);
                Assert.Equal(p.Lines.Sum(l => l.ReceivableFen - l.PayableFen), p.NetFen);
                // Every figure except the net is ≥ 0; the debtor's payable is met exactly by drawn + due.
                Assert.All(p.Lines, l => Assert.True(l.ReceivableFen >= 0 && l.PayableFen >= 0 && l.SettlementCount >= 0 && l.ReversalCount >= 0));
                Assert.True(p.ReceivableTotalFen >= 0 && p.PayableTotalFen >= 0 && p.PrepaymentDrawnFen >= 0 && p.AmountDueFen >= 0 && p.PrepaymentBalanceAfterFen >= 0, p.ToString());
                Assert.Equal(Math.Max(0, -p.NetFen), p.PrepaymentDrawnFen + p.AmountDueFen);
                Assert.Equal(g.Balances.GetValueOrDefault(p.RegionCode), p.PrepaymentBalanceAfterFen + p.PrepaymentDrawnFen);

                coverage.Hit("prepayment partly covers", p.PrepaymentDrawnFen > 0 && p.AmountDueFen > 0);
                coverage.Hit("prepayment fully covers", p.PrepaymentDrawnFen > 0 && p.AmountDueFen == 0);
                coverage.Hit("debtor without prepayment", p.NetFen < 0 && p.PrepaymentDrawnFen == 0);
                coverage.Hit("creditor with prepayment", p.NetFen > 0 && p.PrepaymentBalanceAfterFen > 0);
            }

            // Transfers into the clearing account == out of it == the net total.
            var into = result.Transfers.Where(t => t.ToRegionCode == ClearingAccount.Code).Sum(t => t.AmountFen);
            var outOf = result.Transfers.Where(t => t.FromRegionCode == ClearingAccount.Code).Sum(t => t.AmountFen);
            Assert.Equal(result.Summary.NetTotalFen, into);
            Assert.Equal(result.Summary.NetTotalFen, outOf);
            Assert.Equal(result.Positions.Sum(p => Math.Abs(p.NetFen)), 2 * result.Summary.NetTotalFen);
            Assert.All(result.Transfers, t => Assert.True(t.AmountFen > 0));

            // Efficiency within 0..10000.
            Assert.InRange(result.Summary.NettingEfficiencyBp, 0, 10_000);

            coverage.Hit("negative gross", g.Pairs.Any(p => p.GrossFen < 0));
            coverage.Hit("zero gross with counts", g.Pairs.Any(p => p.GrossFen == 0 && !p.IsEmpty));
            coverage.Hit("many regions", result.Summary.RegionCount >= 40);
            coverage.Hit("no positions", result.Positions.IsEmpty);
            coverage.Hit("efficiency strictly between 0 and 10000", result.Summary.NettingEfficiencyBp is > 0 and < 10_000);
        }, iter: Iterations);

        output.WriteLine(coverage.ToString());
        coverage.RequireAtLeast(20,
            "prepayment partly covers", "prepayment fully covers", "debtor without prepayment", "creditor with prepayment",
            "negative gross", "zero gross with counts", "many regions", "no positions", "efficiency strictly between 0 and 10000");
    }

    [Fact]
    public void Result_equals_an_independent_recomputation_from_the_raw_pairs()
    {
        ObligationGraphs.Graph.Sample(g =>
        {
            var expected = Reference(g);
            var actual = Netting.Compute(g.Pairs, g.Balances);

            Assert.Equal(expected.Summary, actual.Summary);
            Assert.Equal(expected.Positions.Select(p => p.RegionCode), actual.Positions.Select(p => p.RegionCode));
            foreach (var (e, a) in expected.Positions.Zip(actual.Positions))
            {
                Assert.Equal<StatementLine>(e.Lines, a.Lines);
                Assert.Equal(e, a);
            }
            Assert.Equal<Transfer>(expected.Transfers, actual.Transfers);
            Assert.Equal(expected, actual);
        }, iter: Iterations);
    }

    [Fact]
    public void Shuffled_input_gives_an_identical_result()
    {
        Gen.Select(ObligationGraphs.Graph, Gen.Int).Sample((g, seed) =>
        {
            var random = new Random(seed);
            var pairs = g.Pairs.ToArray();
            random.Shuffle(pairs);
            var balances = g.Balances.ToArray();
            random.Shuffle(balances);

            var first = Netting.Compute(g.Pairs, g.Balances);
            var second = Netting.Compute(pairs, balances.ToDictionary());

            Assert.Equal(first, second);
            Assert.Equal(first.GetHashCode(), second.GetHashCode());
            Assert.Equal(Render(first), Render(second));
        }, iter: Iterations);
    }

    /// <summary>
    /// The netting rules of docs/domain.md written again, from the pairs straight to the result, without the accumulation
    /// the implementation uses: each region's lines are looked up pair by pair in both directions, and
    /// the efficiency is computed with BigInteger.
    /// </summary>
    internal static NettingResult Reference(ObligationGraph g)
    {
        var pairs = g.Pairs.Where(p => !p.IsEmpty).ToDictionary(p => (p.InsuredRegionCode, p.CareRegionCode));
        var regions = pairs.Keys.SelectMany(k => new[] { k.InsuredRegionCode, k.CareRegionCode })
            .Distinct().Order(StringComparer.Ordinal).ToArray();

        // One pass over the pairs (not one per region, which 400 regions with every pair trading make 64 million steps).
        var netFromPairs = regions.ToDictionary(r => r, _ => 0L);
        foreach (var p in pairs.Values)
        {
            netFromPairs[p.CareRegionCode] += p.SettledFen - p.ReversedFen;
            netFromPairs[p.InsuredRegionCode] += p.ReversedFen - p.SettledFen;
        }

        var positions = new List<RegionPosition>();
        foreach (var region in regions)
        {
            var lines = new List<StatementLine>();
            foreach (var other in regions.Where(r => r != region))
            {
                var pays = pairs.GetValueOrDefault((region, other));   // region is the insured region
                var cares = pairs.GetValueOrDefault((other, region));  // region is the care region
                if (pays is null && cares is null)
                {
                    continue;
                }
                var paysGross = pays?.SettledFen - pays?.ReversedFen ?? 0;
                var caresGross = cares?.SettledFen - cares?.ReversedFen ?? 0;
                lines.Add(new StatementLine(
                    other,
                    ReceivableFen: Math.Max(0, caresGross) + Math.Max(0, -paysGross),
                    PayableFen: Math.Max(0, paysGross) + Math.Max(0, -caresGross),
                    SettlementCount: (pays?.SettlementCount ?? 0) + (cares?.SettlementCount ?? 0),
                    ReversalCount: (pays?.ReversalCount ?? 0) + (cares?.ReversalCount ?? 0),
                    SeriousIllnessAdvancedFen: cares?.SeriousIllnessFen ?? 0,
                    AssistanceAdvancedFen: cares?.AssistanceFen ?? 0,
                    SeriousIllnessOwedFen: pays?.SeriousIllnessFen ?? 0,
                    AssistanceOwedFen: pays?.AssistanceFen ?? 0));
            }

            // Net straight from the raw pairs: + what the region is owed, − what it owes.
            var net = netFromPairs[region];
            var balance = g.Balances.GetValueOrDefault(region);
            var drawn = net < 0 ? Math.Min(balance, -net) : 0;
            var due = net < 0 ? -net - drawn : 0;
            positions.Add(new RegionPosition(
                region, [.. lines], lines.Sum(l => l.ReceivableFen), lines.Sum(l => l.PayableFen), net, drawn, due, balance - drawn));
        }

        var transfers = positions.SelectMany(p => new[]
        {
            new Transfer(p.RegionCode, ClearingAccount.Code, p.PrepaymentDrawnFen, TransferKind.PrepaymentDraw),
            new Transfer(p.RegionCode, ClearingAccount.Code, p.AmountDueFen, TransferKind.AmountDue),
            new Transfer(ClearingAccount.Code, p.RegionCode, Math.Max(0, p.NetFen), TransferKind.Payout),
        }).Where(t => t.AmountFen > 0);

        var gross = pairs.Values.Sum(p => Math.Abs(p.SettledFen - p.ReversedFen));
        var netTotal = positions.Sum(p => Math.Max(0, p.NetFen));
        var efficiency = gross == 0 ? 0 : (int)(new BigInteger(gross - netTotal) * 10_000 / gross);
        var summary = new NettingSummary(
            gross, netTotal, efficiency, positions.Count,
            pairs.Values.Sum(p => p.SettlementCount), pairs.Values.Sum(p => p.ReversalCount));
        return new NettingResult([.. positions], [.. transfers], summary);
    }

    private static string Render(NettingResult result) =>
        string.Join(Environment.NewLine, result.Positions.Select(p => $"{p with { Lines = [] }} {string.Join(" ", p.Lines)}"))
        + Environment.NewLine + string.Join(Environment.NewLine, result.Transfers)
        + Environment.NewLine + result.Summary;
}
