namespace Clearinghouse.Domain.Money;

/// <summary>
/// Ratios are integer basis points (10000 = 100%). Multiplication goes through Int128 so that no
/// product of a bounded amount and a ratio can overflow, and every rounding is named at the call site.
/// </summary>
public static class BasisPoints
{
    public const int Whole = 10_000;

    /// <summary>floor(amount × bp / 10000) for amount ≥ 0 and 0 ≤ bp ≤ 10000.</summary>
    public static long ApplyFloor(long amountFen, int bp)
    {
        Invariant.Require(amountFen >= 0, "amount must not be negative");
        Invariant.Require(bp is >= 0 and <= Whole, "ratio must be within 0..10000 bp");
        return (long)((Int128)amountFen * bp / Whole);
    }

    /// <summary>round-half-up(amount × bp / 10000) for amount ≥ 0 and 0 ≤ bp ≤ 10000.</summary>
    public static long ApplyRoundHalfUp(long amountFen, int bp)
    {
        Invariant.Require(amountFen >= 0, "amount must not be negative");
        Invariant.Require(bp is >= 0 and <= Whole, "ratio must be within 0..10000 bp");
        return (long)(((Int128)amountFen * bp + Whole / 2) / Whole);
    }

    public static int Clamp(int bp) => Math.Clamp(bp, 0, Whole);
}
