using System.Collections.Immutable;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Accounts;

/// <summary>
/// A region's fund (pooled, serious-illness or assistance: one per stream), folded from its bookings
/// (<see cref="PooledFundBooked"/>). Each booking takes the next
/// range of the ledger's commit sequence, so the ranges are contiguous and increasing, and moves the balance by
/// exactly what the range held: balance after = balance before + contributions − fund payments + reversals.
/// Each booking shows as up to three entries (contributions in, fund payments out, reversals in).
/// </summary>
public sealed class FundAccountState : IEventSourcedState
{
    private readonly RequestIndex _requests = new();
    private readonly List<PooledFundBooked> _bookings = [];

    /// <summary>The sequence number of each booking's first entry, in step with <see cref="_bookings"/>.</summary>
    private readonly List<long> _firstEntries = [];

    public long Version { get; private set; }

    public long BalanceFen { get; private set; }

    /// <summary>The end of the last booked range: every ledger row at or below it is booked, none above.</summary>
    public long ThroughSequence { get; private set; }

    /// <summary>The period open when the last range was read ("" before the first booking).</summary>
    public string ThroughPeriod { get; private set; } = "";

    public long EntryCount { get; private set; }

    public DateTimeOffset? BookedAt => _bookings.Count > 0 ? _bookings[^1].Request.AcceptedAt : null;

    public IReadOnlyList<PooledFundBooked> Bookings => _bookings;

    /// <summary>The fund this stream books; null before the first booking.</summary>
    public FundKind? Fund => _bookings.Count > 0 ? _bookings[0].Fund : null;

    public long? FindRequest(RequestKey requestKey) => _requests.Find(requestKey);

    /// <summary>
    /// The booking of the ledger range (<see cref="ThroughSequence"/>, <paramref name="throughSequence"/>], which
    /// held <paramref name="movements"/> for the region's <paramref name="fund"/>; null when the range moved nothing
    /// (nothing is written).
    /// </summary>
    public PooledFundBooked? Book(
        RequestStamp stamp, FundKind fund, string regionCode, long throughSequence, string openPeriod, PooledMovements movements)
    {
        Invariant.Require(Fund is null || Fund == fund, "a stream books one fund");
        Invariant.Require(fund != FundKind.Assistance || movements.ContributionCount == 0, "nothing flows into the assistance fund from contributions");
        Invariant.Require(throughSequence >= ThroughSequence, "the ledger's commit sequence never goes below a booked range");
        Invariant.Require(movements.IsWellFormed, "movements are counted and summed from rows that move the fund");
        Invariant.Require(throughSequence > ThroughSequence || movements.IsEmpty, "an empty range holds no movement");
        if (movements.IsEmpty)
        {
            return null;
        }
        var booked = new PooledFundBooked(
            stamp, regionCode, ThroughSequence, throughSequence, Max(ThroughPeriod, openPeriod), movements,
            checked(BalanceFen + movements.NetFen), fund);
        Invariant.Require(booked.BalanceAfterFen - BalanceFen == movements.ContributionFen - movements.FundPaymentFen + movements.ReversalFen,
            "a booking moves the balance by contributions − fund payments + reversals");
        return booked;
    }

    public void Apply(IStampedEvent e)
    {
        if (e is not PooledFundBooked booked)
        {
            throw new InvariantViolationException($"a fund's stream holds no {e.GetType().Name} events");
        }
        Invariant.Require(_bookings.Count == 0 || booked.RegionCode == _bookings[0].RegionCode, "a stream books one region's fund");
        Invariant.Require(_bookings.Count == 0 || booked.Fund == _bookings[0].Fund, "a stream books one fund");
        Invariant.Require(booked.Fund != FundKind.Assistance || booked.Movements.ContributionCount == 0,
            "nothing flows into the assistance fund from contributions");
        Invariant.Require(booked.FromSequenceExclusive == ThroughSequence, "booked ranges are contiguous");
        Invariant.Require(booked.ThroughSequence > booked.FromSequenceExclusive, "booked ranges increase");
        Invariant.Require(string.CompareOrdinal(booked.ThroughPeriod, ThroughPeriod) >= 0, "periods only move forward");
        Invariant.Require(booked.Movements.IsWellFormed && !booked.Movements.IsEmpty, "a booking books at least one movement");
        Invariant.Require(booked.BalanceAfterFen == checked(BalanceFen + booked.Movements.NetFen),
            "balance after = balance before + contributions − fund payments + reversals");
        _bookings.Add(booked);
        _firstEntries.Add(EntryCount + 1);
        EntryCount += EntriesOf(booked.Movements);
        BalanceFen = booked.BalanceAfterFen;
        ThroughSequence = booked.ThroughSequence;
        ThroughPeriod = booked.ThroughPeriod;
        Version++;
        _requests.Add(e.Request.Key, Version);
    }

    /// <summary>The account as of the last booking, with what the ledger holds after it.</summary>
    public AccountView View(FundKind fund, string regionCode, PooledMovements unbooked) => new(
        fund.Account(regionCode).ToString(), BalanceFen, BookedAt, EntryCount, unbooked.NetFen, unbooked.Count);

    /// <summary>The entries in the window, in booking order: at most <see cref="EntryWindow.Limit"/>.</summary>
    public ImmutableArray<AccountEntry> Entries(EntryWindow window)
    {
        Invariant.Require(window.Limit > 0 && window.AfterSequence >= 0, "a window is bounded and starts at a sequence");
        var entries = ImmutableArray.CreateBuilder<AccountEntry>(Math.Min(window.Limit, 64));
        // The booking holding the entry after the cursor: the last one whose first entry is at or before it.
        var found = _firstEntries.BinarySearch(window.AfterSequence + 1);
        for (var i = found >= 0 ? found : Math.Max(0, ~found - 1); i < _bookings.Count && entries.Count < window.Limit; i++)
        {
            var booking = _bookings[i];
            // Skipped rather than ending the walk: silos' clocks may stamp a later booking a moment earlier.
            if ((window.From is { } from && booking.Request.AcceptedAt < from) || (window.To is { } to && booking.Request.AcceptedAt >= to))
            {
                continue;
            }
            foreach (var entry in EntriesOf(booking, _firstEntries[i]))
            {
                if (entry.Sequence > window.AfterSequence && entries.Count < window.Limit)
                {
                    entries.Add(entry);
                }
            }
        }
        return entries.ToImmutable();
    }

    /// <summary>A booking's entries: contributions in, fund payments out, reversals in, each kind that moved.</summary>
    public static IEnumerable<AccountEntry> EntriesOf(PooledFundBooked booking, long firstSequence)
    {
        var movements = booking.Movements;
        var balance = booking.BalanceAfterFen - movements.NetFen;
        var sequence = firstSequence;
        var causeId = CauseId(booking);
        (EntryCause Cause, long Count, long AmountFen)[] kinds =
        [
            (EntryCause.Contribution, movements.ContributionCount, movements.ContributionFen),
            (EntryCause.Settlement, movements.FundPaymentCount, -movements.FundPaymentFen),
            (EntryCause.Reversal, movements.ReversalCount, movements.ReversalFen),
        ];
        foreach (var (cause, count, amount) in kinds)
        {
            if (count == 0)
            {
                continue;
            }
            balance = checked(balance + amount);
            yield return new AccountEntry(
                sequence++, cause, causeId, amount, balance, RequestStamp.SystemActor, booking.Request.AcceptedAt, "", count);
        }
        Invariant.Require(balance == booking.BalanceAfterFen, "a booking's entries add up to its balance after");
    }

    /// <summary>The ledger rows a booking's entries stand for: "ledger:&lt;first&gt;-&lt;last&gt;", commit sequence numbers, both included.</summary>
    public static string CauseId(PooledFundBooked booking) => $"ledger:{booking.FromSequenceExclusive + 1}-{booking.ThroughSequence}";

    private static int EntriesOf(PooledMovements movements) =>
        (movements.ContributionCount > 0 ? 1 : 0) + (movements.FundPaymentCount > 0 ? 1 : 0) + (movements.ReversalCount > 0 ? 1 : 0);

    private static string Max(string a, string b) => string.CompareOrdinal(a, b) >= 0 ? a : b;
}
