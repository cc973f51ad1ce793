using System.Numerics;
using Clearinghouse.Domain.Clearing;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Clearing;

/// <summary>预付金 top-up: a notice when the balance is below 70% of the average net payable of the last three closes.</summary>
public sealed class TopUpRuleTests
{
    private const string Region = "610924";

    [Fact]
    public void Balance_below_seventy_percent_of_the_average_gets_a_notice_for_the_shortfall()
    {
        // Average (1,000 + 2,000 + 3,000) / 3 = 2,000; 70% = 1,400; balance 1,000 is 400 short.
        var notice = TopUpRule.Evaluate(Region, 1_000, [1_000, 2_000, 3_000]);

        Assert.Equal(new TopUpNotice(Region, 1_000, 1_400, 400, 3), notice);
    }

    [Theory]
    [InlineData(1_399, 1L)]     // one fen short
    [InlineData(1_400, null)]  // exactly at 70%: no notice
    [InlineData(1_401, null)]
    [InlineData(0, 1_400L)]
    public void Threshold_is_inclusive(long balanceFen, long? shortfallFen) =>
        Assert.Equal(shortfallFen, TopUpRule.Evaluate(Region, balanceFen, [1_000, 2_000, 3_000])?.ShortfallFen);

    [Theory]
    // S = 10, n = 3: 70% of the average is 7 × 10 / 30 = 2.33 fen, asked for as 3 fen (rounded up).
    [InlineData(new long[] { 10, 0, 0 }, 2, 3L, 1L)]
    [InlineData(new long[] { 10, 0, 0 }, 3, null, null)]
    // S = 1, n = 1: 0.7 fen, asked for as 1 fen.
    [InlineData(new long[] { 1 }, 0, 1L, 1L)]
    [InlineData(new long[] { 1 }, 1, null, null)]
    public void Fractional_threshold_is_compared_exactly_and_asked_for_rounded_up(long[] payablesFen, long balanceFen, long? thresholdFen, long? shortfallFen)
    {
        var notice = TopUpRule.Evaluate(Region, balanceFen, payablesFen);

        Assert.Equal(thresholdFen, notice?.ThresholdFen);
        Assert.Equal(shortfallFen, notice?.ShortfallFen);
    }

    [Theory]
    [InlineData(new long[] { 1_000 }, 700)]            // first close: the average is this period
    [InlineData(new long[] { 1_000, 0 }, 350)]         // two closes, one without a payable
    [InlineData(new long[] { 0, 0, 3_000 }, 700)]
    public void Fewer_than_three_closes_or_periods_without_a_payable(long[] payablesFen, long thresholdFen)
    {
        Assert.Equal(thresholdFen, TopUpRule.Evaluate(Region, 0, payablesFen)?.ThresholdFen);
        Assert.Null(TopUpRule.Evaluate(Region, thresholdFen, payablesFen));
    }

    [Fact]
    public void Region_that_never_owed_anything_gets_no_notice_even_with_no_balance() =>
        Assert.Null(TopUpRule.Evaluate(Region, 0, [0, 0, 0]));

    [Fact]
    public void Works_on_a_netting_position()
    {
        var result = Netting.Compute([new PairObligation(Region, "610100", 10_000, 1, 0, 0)], new Dictionary<string, long> { [Region] = 12_000 });
        var position = result.PositionOf(Region)!;

        // Balance after 2,000; payables 10,000 this period and 0, 5,000 before: average 5,000, 70% = 3,500.
        var notice = TopUpRule.Evaluate(Region, position.PrepaymentBalanceAfterFen, [0, 5_000, position.NetPayableFen]);

        Assert.Equal(new TopUpNotice(Region, 2_000, 3_500, 1_500, 3), notice);
    }

    [Fact]
    public void Malformed_input_is_an_invariant_violation()
    {
        Assert.Throws<InvariantViolationException>(() => TopUpRule.Evaluate(Region, 0, []));
        Assert.Throws<InvariantViolationException>(() => TopUpRule.Evaluate(Region, 0, [1, 2, 3, 4]));
        Assert.Throws<InvariantViolationException>(() => TopUpRule.Evaluate(Region, 0, [1, -1]));
        Assert.Throws<InvariantViolationException>(() => TopUpRule.Evaluate(Region, -1, [1]));
        Assert.Throws<InvariantViolationException>(() => TopUpRule.Evaluate("61092", 0, [1]));
        Assert.Throws<InvariantViolationException>(() => TopUpRule.Evaluate(ClearingAccount.Code, 0, [1]));
    }

    [Fact]
    public void Largest_payables_do_not_overflow()
    {
        var notice = TopUpRule.Evaluate(Region, 0, [long.MaxValue, long.MaxValue, long.MaxValue]);

        // 70% of long.MaxValue, rounded up.
        Assert.Equal((long)((new BigInteger(long.MaxValue) * 7 + 9) / 10), notice!.ShortfallFen);
    }

    [Fact]
    public void Notice_iff_balance_times_ten_is_below_seven_times_the_average_and_then_the_shortfall_is_the_least_that_suffices()
    {
        var payables = Gen.Frequency((1, Gen.Const(0L)), (2, Gen.Long[0, 1_000]), (3, Gen.Long[0, 10_000_000_000_000])).Array[1, 3];
        var cases =
            from payablesFen in payables
            let n = payablesFen.Length
            let sum = payablesFen.Aggregate(BigInteger.Zero, (s, p) => s + p)
            let exactCeiling = (long)((sum * 7 + 10 * n - 1) / (10 * n))
            from balanceFen in Gen.Frequency(
                (2, Gen.Long[0, 10_000_000_000_000]),
                (1, Gen.Long[Math.Max(0, exactCeiling - 2), exactCeiling + 2]))
            select (payablesFen, balanceFen);

        cases.Sample((payablesFen, balanceFen) =>
        {
            var n = payablesFen.Length;
            var sum = payablesFen.Aggregate(BigInteger.Zero, (s, p) => s + p);
            // balance < 0.7 × (sum / n)  ⇔  balance × 10 × n < 7 × sum, exactly.
            var below = new BigInteger(balanceFen) * 10 * n < sum * 7;

            var notice = TopUpRule.Evaluate(Region, balanceFen, payablesFen);

            Assert.Equal(below, notice is not null);
            if (notice is not null)
            {
                Assert.True(notice.ShortfallFen > 0);
                Assert.Equal(notice.ThresholdFen - balanceFen, notice.ShortfallFen);
                Assert.Equal(n, notice.PeriodCount);
                // Depositing the shortfall suffices, and one fen less would not.
                Assert.True(new BigInteger(balanceFen + notice.ShortfallFen) * 10 * n >= sum * 7);
                Assert.True(new BigInteger(balanceFen + notice.ShortfallFen - 1) * 10 * n < sum * 7);
            }
        }, iter: 20_000);
    }
}
