using System.Collections.Immutable;
using Clearinghouse.Domain.Clearing;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Clearing;

/// <summary>One period's obligations between up to 50 regions, and the regions' prepayment balances.</summary>
public sealed record ObligationGraph(
    ImmutableArray<string> Regions, ImmutableArray<PairObligation> Pairs, ImmutableDictionary<string, long> Balances)
{
    /// <summary>Printed by CsCheck for a failing case: the records' own ToString would hide the arrays.</summary>
    public override string ToString() =>
        $"regions: {string.Join(" ", Regions)}{Environment.NewLine}pairs:{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", Pairs.Select(p =>
            $"{p.InsuredRegionCode}→{p.CareRegionCode} settled {p.SettledFen} ×{p.SettlementCount} reversed {p.ReversedFen} ×{p.ReversalCount}"))
        + $"{Environment.NewLine}balances: "
        + string.Join(" ", Balances.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}

/// <summary>
/// CsCheck generators of obligation graphs. Amounts and counts reach the NettingLimits bounds (10^12 fen
/// and 10^9 settlements per pair, 10^18 fen of prepayment per region); reversals are often absent, often
/// larger than the settlements (negative gross), and sometimes exactly equal to them (gross 0 with
/// counts); balances are absent, 0, small (partly covering) or large (fully covering).
/// </summary>
public static class ObligationGraphs
{
    public const long MaxFen = NettingLimits.MaxPairAmountFen;
    public const int MaxRegions = 50;
    /// <summary>Every prefecture-level region of the country, about what NettingLimits.MaxPairs is sized for.</summary>
    public const int RegionsAtScale = 400;

    /// <summary>A pair's figures before its regions are chosen: payer and payee are indices into the region list.</summary>
    private sealed record PairShape(
        int Payer, int Payee, long SettledFen, long SettlementCount, long ReversedFen, long ReversalCount,
        long SeriousIllnessFen = 0, long AssistanceFen = 0);

    /// <summary>A tier's share of an amount: often none, often all, else anything between.</summary>
    private static readonly Gen<int> TierShareBp = Gen.Frequency((2, Gen.Const(0)), (1, Gen.Const(10_000)), (3, Gen.Int[0, 10_000]));

    /// <summary>The tier parts of the settled and reversed amounts: serious illness, then assistance of the rest.</summary>
    private static (long SeriousIllnessFen, long AssistanceFen) TierParts(long amountFen, int seriousIllnessBp, int assistanceBp)
    {
        var seriousIllness = (long)((Int128)amountFen * seriousIllnessBp / 10_000);
        return (seriousIllness, (long)((Int128)(amountFen - seriousIllness) * assistanceBp / 10_000));
    }

    private static readonly Gen<long> Amount = Gen.Frequency(
        (2, Gen.Long[0, 1_000]), (6, Gen.Long[0, 10_000_000]), (3, Gen.Long[0, 10_000_000_000]), (2, Gen.Long[0, MaxFen]), (1, Gen.Const(MaxFen)));

    private static readonly Gen<long> Count = Gen.Frequency(
        (6, Gen.Long[0, 5_000]), (1, Gen.Long[0, NettingLimits.MaxPairCount]), (1, Gen.Const(NettingLimits.MaxPairCount)));

    private static readonly Gen<PairShape> Shape =
        from payer in Gen.Int[0, MaxRegions - 1]
        from payee in Gen.Int[0, MaxRegions - 1]
        from settled in Gen.Frequency((1, Gen.Const(0L)), (6, Amount))
        from reversalKind in Gen.Int[0, 5]
        from otherAmount in Amount
        from settlementCount in Count
        from reversalCount in Count
        from tierShares in TierShareBp.Array[4]
        let reversed = reversalKind switch
        {
            0 or 1 or 2 => 0,
            3 => otherAmount,                      // often above the settled amount: a negative gross
            4 => Math.Min(MaxFen, settled + otherAmount % (MaxFen / 10) + 1), // a negative gross unless settled is at the limit
            _ => settled,                          // gross 0, but with counts
        }
        let settledTiers = TierParts(settled, tierShares[0], tierShares[1])
        let reversedTiers = TierParts(reversed, tierShares[2], tierShares[3])
        select new PairShape(
            payer, payee,
            settled, settled > 0 ? Math.Max(1, settlementCount) : settlementCount,
            reversed, reversed > 0 ? Math.Max(1, reversalCount) : reversalCount,
            settledTiers.SeriousIllnessFen - reversedTiers.SeriousIllnessFen, settledTiers.AssistanceFen - reversedTiers.AssistanceFen);

    /// <summary>A balance, or null for a region without a prepayment account entry.</summary>
    private static readonly Gen<long?> Balance = Gen.Frequency(
        (1, Gen.Const((long?)null)),
        (1, Gen.Const((long?)0)),
        (2, Gen.Long[0, 100_000_000].Select(b => (long?)b)),
        (2, Gen.Long[0, 10 * MaxFen].Select(b => (long?)b)),
        (1, Gen.Long[0, NettingLimits.MaxPrepaymentBalanceFen].Select(b => (long?)b)));

    private static readonly Gen<string> RegionCode = Gen.Frequency(
        (3, Gen.Int[110_000, 659_999]),
        (1, Gen.Int[1, 999_999]))
        .Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture));

    public static readonly Gen<ObligationGraph> Graph =
        from codes in RegionCode.Array[2, MaxRegions]
        from shapes in Gen.Frequency((1, Shape.Array[0, 10]), (3, Shape.Array[1, 300]))
        from balances in Balance.Array[MaxRegions]
        select Build(codes, shapes, balances);

    /// <summary>
    /// A period at national scale: <see cref="RegionsAtScale"/> regions and every ordered pair between
    /// them (400 × 399 = 159,600 pairs), each with random figures up to the limits.
    /// </summary>
    public static readonly Gen<ObligationGraph> GraphAtScale =
        from codes in Gen.Int[1, 999_999].Array[RegionsAtScale * 2]
        from shapes in Shape.Array[RegionsAtScale * (RegionsAtScale - 1)]
        from balances in Balance.Array[RegionsAtScale * 2]
        select BuildComplete(codes, shapes, balances);

    private static ObligationGraph BuildComplete(int[] codes, PairShape[] shapes, long?[] balances)
    {
        // Distinct six-digit codes; 800 draws from a million leave at least 400 distinct with overwhelming odds.
        var regions = codes.Distinct().Take(RegionsAtScale)
            .Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(RegionsAtScale, regions.Length);
        var complete = new List<PairShape>(shapes.Length);
        var next = 0;
        for (var payer = 0; payer < regions.Length; payer++)
        {
            for (var payee = 0; payee < regions.Length; payee++)
            {
                if (payer != payee)
                {
                    complete.Add(shapes[next++] with { Payer = payer, Payee = payee });
                }
            }
        }
        return Build(regions, [.. complete], balances);
    }

    private static ObligationGraph Build(string[] codes, PairShape[] shapes, long?[] balances)
    {
        var regions = codes.Distinct().ToImmutableArray();
        var pairs = ImmutableArray.CreateBuilder<PairObligation>();
        var seen = new HashSet<(int, int)>();
        foreach (var s in shapes)
        {
            var payer = s.Payer % regions.Length;
            var payee = s.Payee % regions.Length;
            if (payer != payee && seen.Add((payer, payee)))
            {
                pairs.Add(new PairObligation(
                    regions[payer], regions[payee], s.SettledFen, s.SettlementCount, s.ReversedFen, s.ReversalCount, s.SeriousIllnessFen, s.AssistanceFen));
            }
        }
        var balanceMap = ImmutableDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < regions.Length; i++)
        {
            if (balances[i] is { } balance)
            {
                balanceMap.Add(regions[i], balance);
            }
        }
        return new ObligationGraph(regions, pairs.ToImmutable(), balanceMap.ToImmutable());
    }
}
