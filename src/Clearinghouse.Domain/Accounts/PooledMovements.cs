namespace Clearinghouse.Domain.Accounts;

/// <summary>
/// What moved a region's pooled fund in one range of the ledger: the pooled part of its insured people's
/// contributions (in), the fund payments of their settlements (out) and the fund payments given back by
/// reversals (in). Only rows that move the fund count: a settlement with no fund payment or a contribution with
/// no pooled part is no movement of the fund, so a count is 0 exactly when its amount is.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.pooled_movements.v1")]
public sealed record PooledMovements(
    [property: Id(0)] long ContributionCount,
    [property: Id(1)] long ContributionFen,
    [property: Id(2)] long FundPaymentCount,
    [property: Id(3)] long FundPaymentFen,
    [property: Id(4)] long ReversalCount,
    [property: Id(5)] long ReversalFen)
{
    public static readonly PooledMovements None = new(0, 0, 0, 0, 0, 0);

    /// <summary>What the movements add to the fund's balance: contributions − fund payments + reversals.</summary>
    public long NetFen => checked(ContributionFen - FundPaymentFen + ReversalFen);

    public long Count => checked(ContributionCount + FundPaymentCount + ReversalCount);

    public bool IsEmpty => Count == 0;

    /// <summary>Every count and amount ≥ 0, and each count 0 exactly when its amount is.</summary>
    public bool IsWellFormed =>
        Kind(ContributionCount, ContributionFen) && Kind(FundPaymentCount, FundPaymentFen) && Kind(ReversalCount, ReversalFen);

    public PooledMovements Plus(PooledMovements other) => new(
        checked(ContributionCount + other.ContributionCount), checked(ContributionFen + other.ContributionFen),
        checked(FundPaymentCount + other.FundPaymentCount), checked(FundPaymentFen + other.FundPaymentFen),
        checked(ReversalCount + other.ReversalCount), checked(ReversalFen + other.ReversalFen));

    private static bool Kind(long count, long fen) => count >= 0 && fen >= 0 && (count == 0) == (fen == 0);
}
