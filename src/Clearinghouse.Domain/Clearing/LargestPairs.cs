namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// The pairs among the N regions with the largest obligations: what a heat map of N regions shows, so that a
/// period of 400 regions need not send every one of its up to 159,600 pairs to draw 20 × 20 cells. A region's
/// weight is the sum of the absolute gross of the pairs it is party to, on either side; ties go to the smaller code.
/// </summary>
public static class LargestPairs
{
    public static IReadOnlyList<PairObligation> Among(IReadOnlyList<PairObligation> pairs, int regions)
    {
        Invariant.Require(regions >= 0, "a number of regions is not negative");
        // Int128: the sum of a region's pairs may pass a long's range where one pair's gross cannot.
        var weight = new Dictionary<string, Int128>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            Int128 gross = pair.GrossFen < 0 ? -(Int128)pair.GrossFen : pair.GrossFen;
            weight[pair.InsuredRegionCode] = weight.GetValueOrDefault(pair.InsuredRegionCode) + gross;
            weight[pair.CareRegionCode] = weight.GetValueOrDefault(pair.CareRegionCode) + gross;
        }
        var chosen = weight
            .OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal)
            .Take(regions).Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
        return [.. pairs.Where(p => chosen.Contains(p.InsuredRegionCode) && chosen.Contains(p.CareRegionCode))];
    }
}
