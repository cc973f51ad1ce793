using Clearinghouse.Domain.Accounts;

namespace Clearinghouse.Grains.Storage;

/// <summary>
/// Reads of the ledger that a region's funds (pooled, serious-illness, assistance) book from (docs/accounts.md): where the committed ledger
/// ends, and what a range of it moved for one insured region.
/// </summary>
public interface IPooledFundQueries
{
    /// <summary>
    /// The ledger's commit horizon: every ledger row numbered at or below it is committed, and no row will ever
    /// commit at or below it; with the period open at that moment.
    /// </summary>
    Task<LedgerHorizon> ReadHorizonAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// What the ledger rows of <paramref name="regionCode"/>'s insured people numbered in
    /// (<paramref name="afterSequence"/>, <paramref name="throughSequence"/>] moved its <paramref name="fund"/>, committed as of
    /// now (<paramref name="throughSequence"/> null: every number after <paramref name="afterSequence"/>). Every such
    /// row is booked in <paramref name="fromPeriod"/> or later (a period the fence let it in): earlier periods are
    /// not read. One statement.
    /// </summary>
    Task<PooledMovements> SumAsync(
        FundKind fund, string regionCode, long afterSequence, long? throughSequence, string fromPeriod, CancellationToken cancellationToken = default);

    /// <summary>Every region ever created, whose funds a sweep books.</summary>
    Task<IReadOnlyList<string>> ListRegionCodesAsync(CancellationToken cancellationToken = default);
}

/// <param name="ThroughSequence">No ledger row will ever commit with a number at or below it that is not committed now.</param>
/// <param name="OpenPeriod">The period open for intake at that moment ("" before the first).</param>
public sealed record LedgerHorizon(long ThroughSequence, string OpenPeriod);
