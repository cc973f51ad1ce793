using Clearinghouse.Domain.Accounts;

namespace Clearinghouse.Domain.Events;

// Events of a region's fund streams ("pooled:{region}", "serious:{region}", "assistance:{region}"). Stored
// contracts: never rename or reorder a field.

/// <summary>
/// A region's fund (<paramref name="Fund"/>) booked, in one batch, every movement the ledger committed for the region's insured
/// people in the commit-sequence range (<paramref name="FromSequenceExclusive"/>, <paramref name="ThroughSequence"/>]:
/// those settlements, reversals and contributions are its causes and stay listable one by one in the ledger.
/// Batches rather than one event per movement because the fund is on no settlement's path (docs/accounts.md).
/// </summary>
/// <param name="ThroughPeriod">
/// The clearing period open when the range was read: every ledger row after the range is booked in this period
/// or a later one, so the next booking looks no further back.
/// </param>
/// <param name="BalanceAfterFen">The fund's balance after this booking: the one before plus <see cref="PooledMovements.NetFen"/>.</param>
/// <param name="Fund">
/// Which of the region's funds booked. It came after the pooled fund's bookings were stored, so it is last and
/// defaults to the pooled fund: a stored booking without it is the pooled fund's, as it was (docs/event-store.md).
/// </param>
[GenerateSerializer, Immutable, Alias("clearinghouse.pooled_fund_booked.v1")]
public sealed record PooledFundBooked(
    RequestStamp Request, string RegionCode, long FromSequenceExclusive, long ThroughSequence, string ThroughPeriod,
    PooledMovements Movements, long BalanceAfterFen, FundKind Fund = FundKind.Pooled) : IStampedEvent;
