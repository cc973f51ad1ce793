using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Domain.Tests.Supervision;

public sealed class RobustThresholdTests
{
    [Fact]
    public void Median_and_mad_are_lower_medians_and_the_threshold_is_median_plus_k_mad_floored()
    {
        // sorted 1 2 3 4 100: median 3; deviations 0 1 1 2 97: MAD 1; k = 2.5 → 3 + 2 (2.5 floored).
        var threshold = RobustThreshold.Of([100, 3, 1, 4, 2], madMultipleBp: 25_000, minMadBp: 0);
        Assert.Equal(new RobustThreshold(3, 1, 1, 5), threshold);

        // An even count takes the lower of the two middle values.
        Assert.Equal(2, RobustThreshold.Of([4, 1, 3, 2], 50_000, 0).Median);
    }

    [Fact]
    public void Equal_values_get_a_mad_of_a_tenth_of_the_median_or_at_least_one()
    {
        var amounts = RobustThreshold.Of([.. Enumerable.Repeat(10_000L, 30), 90_000], 50_000, 1_000);
        Assert.Equal(0, amounts.Mad);
        Assert.Equal(1_000, amounts.EffectiveMad);
        Assert.Equal(15_000, amounts.Threshold);

        var counts = RobustThreshold.Of([.. Enumerable.Repeat(1L, 30)], 50_000, 1_000);
        Assert.Equal(1, counts.EffectiveMad);
        Assert.Equal(6, counts.Threshold);
    }

    [Fact]
    public void The_threshold_is_at_least_the_median_multiple()
    {
        // median 200, MAD 20: 200 + 5 × 20 = 300, but 5 × the median is 1,000.
        long[] values = [180, 190, 200, 210, 220, 240, 160];
        Assert.Equal(300, RobustThreshold.Of(values, 50_000, 0).Threshold);
        Assert.Equal(1_000, RobustThreshold.Of(values, 50_000, 0, minRatioBp: 50_000).Threshold);
        Assert.Equal(300, RobustThreshold.Of(values, 50_000, 0, minRatioBp: 15_000).Threshold);
    }

    [Fact]
    public void Far_above_is_more_than_twice_the_thresholds_distance_from_the_median()
    {
        var threshold = new RobustThreshold(10, 2, 2, 20);
        Assert.False(threshold.IsFarAbove(30));
        Assert.True(threshold.IsFarAbove(31));
    }
}
