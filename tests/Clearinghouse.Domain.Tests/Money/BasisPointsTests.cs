using Clearinghouse.Domain.Money;
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

    [Fact]
    public void Largest_bill_times_any_ratio_does_not_overflow()
    {
        // Limits.MaxAmountFen × 1000 items = 10^13 fen; × 10^4 bp = 10^17, still inside Int64, and
        // the products go through Int128 anyway. Compare with an Int128 reference at the top of the range.
        const long largest = Limits.MaxAmountFen * Limits.MaxItemsPerSettlement;
        foreach (var bp in new[] { 0, 1, 4_999, 5_000, 5_001, 9_999, 10_000 })
        {
            Assert.Equal((long)((Int128)largest * bp / 10_000), BasisPoints.ApplyFloor(largest, bp));
            Assert.Equal((long)(((Int128)largest * bp + 5_000) / 10_000), BasisPoints.ApplyRoundHalfUp(largest, bp));
        }
        Assert.Equal(largest, BasisPoints.ApplyFloor(largest, 10_000));
        Assert.Equal(largest - 1, BasisPoints.ApplyFloor(largest - 1, 10_000));
    }

    [Fact]
    public void Agrees_with_an_Int128_reference_across_the_whole_range()
    {
        const long largest = Limits.MaxAmountFen * Limits.MaxItemsPerSettlement;
        Gen.Select(Gen.Frequency((1, Gen.Long[0, 100_000]), (1, Gen.Long[0, largest])), Gen.Int[0, 10_000])
            .Sample((amount, bp) =>
            {
                var product = (Int128)amount * bp;
                var floor = Int128.DivRem(product, 10_000);
                var expectedFloor = (long)floor.Quotient;
                // Half-up: one more when the remainder is at least half of 10000.
                var expectedHalfUp = expectedFloor + (floor.Remainder >= 5_000 ? 1 : 0);

                Assert.Equal(expectedFloor, BasisPoints.ApplyFloor(amount, bp));
                Assert.Equal(expectedHalfUp, BasisPoints.ApplyRoundHalfUp(amount, bp));
                Assert.True(expectedFloor <= amount, "a ratio of at most 100% never grows the amount");
            }, iter: 10_000);
    }
}
