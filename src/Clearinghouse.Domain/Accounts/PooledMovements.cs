namespace Clearinghouse.Domain.Accounts;

/// <summary>
/// What moved one of a region's funds in one range of the ledger: the fund's part of its insured people's
/// contributions (in; the assistance fund has none), the fund's payments in their settlements (out) and those
/// payments given back by reversals (in). For the pooled fund these are the pooled part and the fund payment
/// (FundPayFen); for the serious-illness fund, the serious-illness part and pay; for the assistance fund, the
/// assistance pay. Only rows that move the fund count: a settlement with no fund payment or a contribution with
/// no part for the fund is no movement of it, so a count is 0 exactly when its amount is.
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
