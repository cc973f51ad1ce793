namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// Bounds on one netting run. With at most 10^6 pairs of at most 10^12 fen each, every sum the
/// computation forms (gross total, a region's receivable or payable total, Σ|net|) is at most 10^18 fen,
/// inside Int64 (9.2 × 10^18); the arithmetic is checked all the same.
/// </summary>
public static class NettingLimits
{
    /// <summary>Ordered pairs in one period: 400 regions give at most 159,600; this leaves room for any country.</summary>
    public const int MaxPairs = 1_000_000;

    /// <summary>10 billion yuan: most one pair may settle (or reverse) in one period.</summary>
    public const long MaxPairAmountFen = 1_000_000_000_000;

    /// <summary>Most settlements (or reversals) of one pair in one period.</summary>
    public const long MaxPairCount = 1_000_000_000;

    /// <summary>10 trillion yuan: most a region's prepayment balance may hold, so no draw or deposit sum can overflow.</summary>
    public const long MaxPrepaymentBalanceFen = 1_000_000_000_000_000;
}
