namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// A period's obligations per ordered pair, summed over a prefix of the ledger and carried forward by adding the
/// pairs of the rows committed since: the open period's overview reads only what is new on each visit instead
/// of the whole period. Adding is exact (integer sums), so the running figures equal a sum from scratch over the
/// same rows, whatever way the rows were split.
/// </summary>
public static class RunningObligations
{
    /// <summary>Orders pairs by insured, then care region code, ordinally: the order every list of pairs here keeps.</summary>
    public static readonly IComparer<PairObligation> PairOrder = Comparer<PairObligation>.Create((a, b) =>
    {
        var insured = string.CompareOrdinal(a.InsuredRegionCode, b.InsuredRegionCode);
        return insured != 0 ? insured : string.CompareOrdinal(a.CareRegionCode, b.CareRegionCode);
    });

    /// <summary>The same pair's figures summed: both describe disjoint sets of ledger rows.</summary>
    public static PairObligation Plus(PairObligation a, PairObligation b)
    {
        Invariant.Require(PairOrder.Compare(a, b) == 0, "only the figures of one pair add up");
        return new PairObligation(
            a.InsuredRegionCode, a.CareRegionCode,
            checked(a.SettledFen + b.SettledFen), checked(a.SettlementCount + b.SettlementCount),
            checked(a.ReversedFen + b.ReversedFen), checked(a.ReversalCount + b.ReversalCount),
            checked(a.SeriousIllnessFen + b.SeriousIllnessFen), checked(a.AssistanceFen + b.AssistanceFen));
    }

    /// <summary>Pairs in <see cref="PairOrder"/>, each once.</summary>
    public static IReadOnlyList<PairObligation> Sorted(IEnumerable<PairObligation> pairs)
    {
        var sorted = pairs.ToList();
        sorted.Sort(PairOrder);
        for (var i = 1; i < sorted.Count; i++)
        {
            Invariant.Require(PairOrder.Compare(sorted[i - 1], sorted[i]) < 0, "each pair is listed once");
        }
        return sorted;
    }

    /// <summary>
    /// <paramref name="running"/> (in <see cref="PairOrder"/>, each pair once) with <paramref name="added"/> (the
    /// pairs of later rows, any order, each pair once) summed in: a new list in <see cref="PairOrder"/>, one merge
    /// pass. The running list is not changed, so readers of it are never disturbed.
    /// </summary>
    public static IReadOnlyList<PairObligation> Add(IReadOnlyList<PairObligation> running, IEnumerable<PairObligation> added)
    {
        var later = Sorted(added);
        if (later.Count == 0)
        {
            return running;
        }
        var merged = new List<PairObligation>(running.Count + later.Count);
        var (i, j) = (0, 0);
        while (i < running.Count || j < later.Count)
        {
            var order = i == running.Count ? 1 : j == later.Count ? -1 : PairOrder.Compare(running[i], later[j]);
            merged.Add(order < 0 ? running[i++] : order > 0 ? later[j++] : Plus(running[i++], later[j++]));
        }
        return merged;
    }
}
