using Clearinghouse.Domain.Money;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Money;

/// <summary>Integer basis points: floor and round-half-up, exact at the boundaries and without overflow.</summary>
public sealed class BasisPointsTests
{
    [Theory]
    [InlineData(0, 5_000, 0)]
    [InlineData(1, 9_999, 0)]          // 0.9999 → 0
    [InlineData(1, 10_000, 1)]
    [InlineData(3, 5_000, 1)]          // 1.5 → 1
    [InlineData(10_000, 1, 1)]
    [InlineData(9_999, 1, 0)]          // 0.9999 → 0
    [InlineData(650_001, 8_000, 520_000)] // 520,000.8 → 520,000
    [InlineData(12_345, 0, 0)]
    public void Floor(long amountFen, int bp, long expected) => Assert.Equal(expected, BasisPoints.ApplyFloor(amountFen, bp));

    [Theory]
    [InlineData(0, 5_000, 0)]
    [InlineData(1, 5_000, 1)]          // 0.5 → 1
    [InlineData(3, 5_000, 2)]          // 1.5 → 2
    [InlineData(5, 5_000, 3)]          // 2.5 → 3 (half-up, not half-even)
    [InlineData(1, 4_999, 0)]          // 0.4999 → 0
    [InlineData(1, 5_001, 1)]          // 0.5001 → 1
    [InlineData(4_999, 1, 0)]          // 0.4999 → 0
    [InlineData(5_000, 1, 1)]          // 0.5 → 1
    [InlineData(14_999, 1, 1)]         // 1.4999 → 1
    [InlineData(15_000, 1, 2)]         // 1.5 → 2
    [InlineData(12_345, 10_000, 12_345)]
    public void Round_half_up(long amountFen, int bp, long expected) => Assert.Equal(expected, BasisPoints.ApplyRoundHalfUp(amountFen, bp));

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 10_001)]
    [InlineData(-5, 10_000)]
    [InlineData(10_000_000_000, -1)]
    public void Negative_amount_or_ratio_outside_0_to_10000_is_an_invariant_violation(long amountFen, int bp)
    {
        Assert.Throws<InvariantViolationException>(() => BasisPoints.ApplyFloor(amountFen, bp));
        Assert.Throws<InvariantViolationException>(() => BasisPoints.ApplyRoundHalfUp(amountFen, bp));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 0)]
    [InlineData(10_000, 10_000)]
    [InlineData(10_001, 10_000)]
    [InlineData(int.MinValue, 0)]
    [InlineData(int.MaxValue, 10_000)]
    public void Clamp(int bp, int expected) => Assert.Equal(expected, BasisPoints.Clamp(bp));

    /// <summary>
    /// The largest bill (Limits.MaxAmountFen × Limits.MaxItemsPerSettlement = 10^13 fen) and one fen less,
    /// worked by hand: 10^13 × bp / 10^4 = bp × 10^9 exactly, and (10^13 − 1) × bp / 10^4 = bp × 10^9 − bp / 10^4.
    /// The last rows are long.MaxValue, whose product with a ratio only Int128 holds.
    /// </summary>
    [Theory]
    [InlineData(10_000_000_000_000, 1, 1_000_000_000, 1_000_000_000)]
    [InlineData(10_000_000_000_000, 4_999, 4_999_000_000_000, 4_999_000_000_000)]
    [InlineData(10_000_000_000_000, 10_000, 10_000_000_000_000, 10_000_000_000_000)]
    [InlineData(9_999_999_999_999, 1, 999_999_999, 1_000_000_000)]                // 999,999,999.9999
    [InlineData(9_999_999_999_999, 4_999, 4_998_999_999_999, 4_999_000_000_000)]  // 4,999,000,000,000 − 0.4999
    [InlineData(9_999_999_999_999, 5_000, 4_999_999_999_999, 5_000_000_000_000)]  // 4,999,999,999,999.5
    [InlineData(9_999_999_999_999, 5_001, 5_000_999_999_999, 5_000_999_999_999)]  // 5,001,000,000,000 − 0.5001
    [InlineData(9_999_999_999_999, 9_999, 9_998_999_999_999, 9_998_999_999_999)]  // 9,999,000,000,000 − 0.9999
    [InlineData(9_999_999_999_999, 10_000, 9_999_999_999_999, 9_999_999_999_999)]
    [InlineData(long.MaxValue, 5_000, 4_611_686_018_427_387_903, 4_611_686_018_427_387_904)] // (2^63 − 1) / 2 = …903.5
    [InlineData(long.MaxValue, 10_000, long.MaxValue, long.MaxValue)]
    public void Largest_bill_times_a_ratio_is_exact_and_does_not_overflow(long amountFen, int bp, long expectedFloor, long expectedHalfUp)
    {
        Assert.Equal(10_000_000_000_000, Limits.MaxAmountFen * Limits.MaxItemsPerSettlement);
        Assert.Equal(expectedFloor, BasisPoints.ApplyFloor(amountFen, bp));
        Assert.Equal(expectedHalfUp, BasisPoints.ApplyRoundHalfUp(amountFen, bp));
    }

    /// <summary>
    /// A decimal oracle (exact here: at most 9.2 × 10^22 < 7.9 × 10^28) rounded by the runtime's own
    /// Math.Floor and Math.Round(AwayFromZero), which for non-negative values is round-half-up.
    /// </summary>
    [Fact]
    public void Agrees_with_a_decimal_reference_across_the_whole_range()
    {
        const long largest = Limits.MaxAmountFen * Limits.MaxItemsPerSettlement;
        var coverage = new Coverage();
        Gen.Select(Gen.Frequency((2, Gen.Long[0, 100_000]), (2, Gen.Long[0, largest]), (1, Gen.Long[0, long.MaxValue])),
                Gen.Frequency((3, Gen.Int[0, 10_000]), (1, Gen.Int[0, 20].Select(k => k * 500))))
            .Sample((amount, bp) =>
            {
                var exact = (decimal)amount * bp / 10_000m;
                var expectedFloor = (long)Math.Floor(exact);
                var expectedHalfUp = (long)Math.Round(exact, MidpointRounding.AwayFromZero);

                Assert.Equal(expectedFloor, BasisPoints.ApplyFloor(amount, bp));
                Assert.Equal(expectedHalfUp, BasisPoints.ApplyRoundHalfUp(amount, bp));
                Assert.True(expectedFloor <= amount, "a ratio of at most 100% never grows the amount");
                coverage.Hit("exactly .5", exact - Math.Floor(exact) == 0.5m);
                coverage.Hit("above long/10000", amount > long.MaxValue / 10_000 && bp > 1);
            }, iter: 10_000);
        coverage.RequireAtLeast(10, "exactly .5", "above long/10000");
    }
}
