using Clearinghouse.Domain.Money;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// The outlier threshold of a peer group, in integers: the median m (the lower median: the value at nearest rank
/// ⌈n/2⌉ of the sorted values), the MAD (the lower median of |x − m|), and
/// threshold = max(m + floor(k × MAD'), floor(m × minRatioBp / 10000)), where MAD' = max(MAD, ⌈m × minMadBp / 10000⌉, 1)
/// so that a group most of whose values are equal (MAD 0) does not flag everything above them, and the ratio floor
/// keeps a heavy-tailed group (amounts) from flagging its ordinary upper tail. A value is an outlier when it is
/// above the threshold.
/// </summary>
public readonly record struct RobustThreshold(long Median, long Mad, long EffectiveMad, long Threshold)
{
    public static RobustThreshold Of(IReadOnlyList<long> values, int madMultipleBp, int minMadBp, int minRatioBp = 0)
    {
        Invariant.Require(values.Count > 0, "a threshold needs values");
        Invariant.Require(values.All(v => v >= 0), "counts and amounts are not negative");
        var median = LowerMedian([.. values]);
        var mad = LowerMedian([.. values.Select(v => Math.Abs(v - median))]);
        var floorFromMedian = (long)(((Int128)median * minMadBp + BasisPoints.Whole - 1) / BasisPoints.Whole);
        var effective = Math.Max(Math.Max(mad, floorFromMedian), 1);
        var byMad = (long)(median + (Int128)effective * madMultipleBp / BasisPoints.Whole);
        var byRatio = (long)((Int128)median * minRatioBp / BasisPoints.Whole);
        var threshold = Math.Max(byMad, byRatio);
        Invariant.Require(threshold >= median, "the threshold lies at or above the median");
        return new RobustThreshold(median, mad, effective, threshold);
    }

    /// <summary>How far above the threshold counts as high severity: twice the threshold's distance from the median.</summary>
    public bool IsFarAbove(long value) => value - Median > 2 * (Threshold - Median);

    private static long LowerMedian(long[] values)
    {
        Array.Sort(values);
        return values[(values.Length - 1) / 2];
    }
}
