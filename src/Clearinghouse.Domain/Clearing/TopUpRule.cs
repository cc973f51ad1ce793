using Clearinghouse.Domain.Money;

namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// The prepayment top-up rule, evaluated for a region after each close.
/// <para>
/// Inputs: the region's prepayment balance after this close's draw, and its net payable
/// (max(0, −net), so 0 for a period where it was a net creditor or had no line) in each of its last
/// closed periods, this one included: three values, or fewer (at least one) when fewer periods have
/// closed; the average is over the values given.
/// </para>
/// <para>
/// Rule: with n values summing to S, the average is S / n and the threshold is 70% of it, 7·S / (10·n),
/// compared exactly (no rounding): a notice is due iff balance × 10 × n &lt; 7 × S. Its threshold is that
/// figure rounded up to the fen, ThresholdFen = ceil(7·S / (10·n)), and its shortfall is ThresholdFen −
/// balance, which is then ≥ 1 fen: depositing exactly the shortfall lifts the balance to the threshold
/// and so clears the condition. Products are formed in Int128.
/// </para>
/// </summary>
public static class TopUpRule
{
    /// <summary>70%: the balance should cover this share of the average net payable.</summary>
    public const int ThresholdBp = 7_000;

    /// <summary>How many closed periods (this one included) the average looks back over.</summary>
    public const int PeriodsAveraged = 3;

    public static TopUpNotice? Evaluate(string regionCode, long balanceAfterFen, IReadOnlyList<long> lastNetPayablesFen)
    {
        Invariant.Require(RegionCodeFormat.IsValid(regionCode), $"region code '{regionCode}' is 6 ASCII digits, not {ClearingAccount.Code}");
        Invariant.Require(balanceAfterFen >= 0, "the prepayment balance is not negative");
        var periodCount = lastNetPayablesFen.Count;
        Invariant.Require(periodCount is >= 1 and <= PeriodsAveraged, $"1..{PeriodsAveraged} closed periods, this one included");

        Int128 sumFen = 0;
        foreach (var payableFen in lastNetPayablesFen)
        {
            Invariant.Require(payableFen >= 0, "a net payable is not negative");
            sumFen += payableFen;
        }

        // threshold = S × 7000 / (10000 × n), exactly; the notice compares against it without rounding,
        // and the amount asked for is rounded up so that depositing it always suffices.
        var numerator = sumFen * ThresholdBp;
        var denominator = (Int128)BasisPoints.Whole * periodCount;
        var thresholdFen = (long)((numerator + denominator - 1) / denominator);
        var below = (Int128)balanceAfterFen * denominator < numerator;
        Invariant.Require(below == (balanceAfterFen < thresholdFen), "below the exact threshold ⇔ below the threshold rounded up");
        if (!below)
        {
            return null;
        }

        var shortfallFen = thresholdFen - balanceAfterFen;
        Invariant.Require(shortfallFen > 0, "a notice asks for a positive top-up");
        return new TopUpNotice(regionCode, balanceAfterFen, thresholdFen, shortfallFen, periodCount);
    }
}
