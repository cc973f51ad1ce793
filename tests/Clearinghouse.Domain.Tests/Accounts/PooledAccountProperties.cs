using Clearinghouse.Domain.Accounts;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Tests.Support;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Accounts;

/// <summary>
/// A region's funds (pooled, serious-illness, assistance) book their ledger in ranges of the commit sequence, in
/// whatever batches the sweep and callers happen to cut: the balance must come out the same to the fen, and equal
/// the entries' sum. The assistance fund has no contributions part: its ledger's contributions move nothing.
/// </summary>
public sealed class PooledAccountProperties
{
    private const string Region = "610924";

    private enum Kind { Contribution, Settlement, Reversal }

    /// <summary>One ledger row of the region: its commit sequence number, kind and pooled amount (0: moves nothing).</summary>
    private sealed record Row(long Sequence, Kind Kind, long Fen);

    /// <summary>
    /// Contributions and settlements with random amounts (some 0), reversals each giving back an earlier settlement's
    /// fund payment, numbered in commit order with gaps (other regions' rows and the audit trail take numbers too).
    /// </summary>
    private static readonly Gen<List<Row>> Ledger =
        Gen.Select(Gen.Int[0, 2], Gen.Long[0, 500_000], Gen.Int[1, 4], Gen.Int[0, 1000]).List[0, 60].Select(draws =>
        {
            var rows = new List<Row>();
            var settlements = new List<Row>();
            var reversed = new HashSet<Row>();
            var sequence = 0L;
            foreach (var (kind, fen, gap, pick) in draws)
            {
                sequence += gap;
                var open = settlements.Where(s => !reversed.Contains(s)).ToList();
                if (kind == 2 && open.Count > 0)
                {
                    var settlement = open[pick % open.Count];
                    reversed.Add(settlement);
                    rows.Add(new Row(sequence, Kind.Reversal, settlement.Fen));
                }
                else if (kind == 1)
                {
                    var row = new Row(sequence, Kind.Settlement, fen % 3 == 0 ? 0 : fen);
                    settlements.Add(row);
                    rows.Add(row);
                }
                else
                {
                    rows.Add(new Row(sequence, Kind.Contribution, fen % 5 == 0 ? 0 : fen));
                }
            }
            return rows;
        });

    [Fact]
    public void The_balance_is_contributions_less_fund_payments_plus_reversals_whatever_the_batching()
    {
        var coverage = new Coverage();
        Gen.Select(Ledger, Gen.Long[1, 250].List[0, 12], Gen.Int[1, 7], Gen.Int[0, 2].Select(i => FundKinds.All[i])).Sample((ledger, cuts, pageSize, fund) =>
        {
            var rows = fund == FundKind.Assistance
                ? ledger.Select(r => r.Kind == Kind.Contribution ? r with { Fen = 0 } : r).ToList()
                : ledger;
            var end = rows.Count > 0 ? rows[^1].Sequence : 0;
            var state = new FundAccountState();
            // The horizons a booking reads: random, increasing, then one at the end that books everything.
            var horizons = cuts.Select(c => Math.Min(c, end)).Append(end).Distinct().Order().ToList();
            var bookings = 0;
            foreach (var horizon in horizons)
            {
                var stamp = new RequestStamp("000000", $"{fund}-booking:{Region}:{horizon}", "", DateTimeOffset.UnixEpoch.AddMinutes(horizon));
                var booked = state.Book(stamp, fund, Region, horizon, "2026-12", Sum(rows, state.ThroughSequence, horizon));
                if (booked is not null)
                {
                    state.Apply(booked);
                    bookings++;
                }
            }

            var expected = rows.Where(r => r.Kind == Kind.Contribution).Sum(r => r.Fen)
                - rows.Where(r => r.Kind == Kind.Settlement).Sum(r => r.Fen)
                + rows.Where(r => r.Kind == Kind.Reversal).Sum(r => r.Fen);
            Assert.Equal(expected, state.BalanceFen);
            // The last booking ends at the first horizon that reached the last row moving the fund.
            var lastMoving = rows.Where(r => r.Fen > 0).Select(r => r.Sequence).DefaultIfEmpty(0).Max();
            Assert.Equal(lastMoving == 0 ? 0 : horizons.First(h => h >= lastMoving), state.ThroughSequence);
            Assert.Equal(bookings, state.Bookings.Count);
            Assert.All(state.Bookings, b => Assert.Equal(fund, b.Fund));
            Assert.Equal(fund.Account(Region).ToString(), state.View(fund, Region, PooledMovements.None).AccountId);

            var entries = state.Entries(new EntryWindow(null, null, 0, int.MaxValue));
            Assert.Equal(state.EntryCount, entries.Length);
            Assert.Equal(state.BalanceFen, entries.Sum(e => e.AmountFen));
            Assert.Equal(Enumerable.Range(1, entries.Length).Select(i => (long)i), entries.Select(e => e.Sequence));
            Assert.Equal(rows.Count(r => r.Fen > 0), entries.Sum(e => e.MovementCount));
            var balance = 0L;
            foreach (var entry in entries)
            {
                balance += entry.AmountFen;
                Assert.Equal(balance, entry.BalanceAfterFen);
                Assert.Equal(entry.Cause == EntryCause.Settlement, entry.AmountFen < 0);
                Assert.Equal(RequestStamp.SystemActor, entry.Actor);
            }
            // Ranges are contiguous and increasing from 0.
            Assert.Equal(
                state.Bookings.Select(b => b.ThroughSequence).Prepend(0).SkipLast(1),
                state.Bookings.Select(b => b.FromSequenceExclusive));

            // Paging by the sequence cursor lists the same entries.
            var paged = new List<AccountEntry>();
            for (var page = state.Entries(new EntryWindow(null, null, 0, pageSize)); page.Length > 0;
                 page = state.Entries(new EntryWindow(null, null, paged[^1].Sequence, pageSize)))
            {
                Assert.True(page.Length <= pageSize);
                paged.AddRange(page);
            }
            Assert.Equal(entries, paged);
            // A time window lists exactly the entries booked in it.
            var middle = DateTimeOffset.UnixEpoch.AddMinutes(end / 2);
            Assert.Equal(
                entries.Where(e => e.BookedAt >= middle),
                state.Entries(new EntryWindow(middle, null, 0, int.MaxValue)));
            Assert.Equal(
                entries.Where(e => e.BookedAt < middle),
                state.Entries(new EntryWindow(null, middle, 0, int.MaxValue)));

            coverage.Hit($"{fund} fund", bookings > 2);
            coverage.Hit("several bookings", bookings > 2);
            coverage.Hit("a reversal booked", entries.Any(e => e.Cause == EntryCause.Reversal));
            coverage.Hit("negative balance", state.BalanceFen < 0);
            coverage.Hit("a range that moved nothing", horizons.Count > bookings + 1);
        }, iter: 500);
        coverage.RequireAtLeast(10, $"{FundKind.Pooled} fund", $"{FundKind.SeriousIllness} fund", $"{FundKind.Assistance} fund", "several bookings", "a reversal booked", "negative balance", "a range that moved nothing");
    }

    [Fact]
    public void A_booking_that_does_not_follow_the_last_range_or_miscounts_the_balance_is_refused()
    {
        var state = new FundAccountState();
        var stamp = new RequestStamp("000000", "b1", "", DateTimeOffset.UnixEpoch);
        var first = state.Book(stamp, FundKind.Pooled, Region, 10, "2026-11", new PooledMovements(2, 700, 1, 300, 0, 0))!;
        Assert.Equal(400, first.BalanceAfterFen);
        state.Apply(first);

        var gap = first with { Request = stamp with { RequestId = "b2" }, FromSequenceExclusive = 11, ThroughSequence = 20, BalanceAfterFen = 800 };
        Assert.Throws<InvariantViolationException>(() => state.Apply(gap));
        var miscounted = first with { Request = stamp with { RequestId = "b3" }, FromSequenceExclusive = 10, ThroughSequence = 20, BalanceAfterFen = 801 };
        Assert.Throws<InvariantViolationException>(() => state.Apply(miscounted));
        var backwards = first with { Request = stamp with { RequestId = "b4" }, FromSequenceExclusive = 10, ThroughSequence = 10, BalanceAfterFen = 800 };
        Assert.Throws<InvariantViolationException>(() => state.Apply(backwards));
        Assert.Throws<InvariantViolationException>(() => state.Book(stamp, FundKind.Pooled, Region, 9, "2026-11", PooledMovements.None));
        Assert.Null(state.Book(stamp, FundKind.Pooled, Region, 30, "2026-12", PooledMovements.None));
        // One fund per stream: another fund's booking is refused, written or read.
        var moves = new PooledMovements(0, 0, 1, 100, 0, 0);
        Assert.Throws<InvariantViolationException>(() => state.Book(stamp, FundKind.SeriousIllness, Region, 30, "2026-12", moves));
        var otherFund = first with { Request = stamp with { RequestId = "b5" }, FromSequenceExclusive = 10, ThroughSequence = 20, BalanceAfterFen = 800, Fund = FundKind.SeriousIllness };
        Assert.Throws<InvariantViolationException>(() => state.Apply(otherFund));
        Assert.Equal((400, 10L, 1L), (state.BalanceFen, state.ThroughSequence, state.Version));
    }

    [Fact]
    public void Nothing_flows_into_the_assistance_fund_from_contributions()
    {
        var state = new FundAccountState();
        var stamp = new RequestStamp("000000", "assistance-booking:610924:10", "", DateTimeOffset.UnixEpoch);
        Assert.Throws<InvariantViolationException>(
            () => state.Book(stamp, FundKind.Assistance, Region, 10, "2026-11", new PooledMovements(1, 500, 1, 300, 0, 0)));
        var booked = state.Book(stamp, FundKind.Assistance, Region, 10, "2026-11", new PooledMovements(0, 0, 1, 300, 0, 0))!;
        state.Apply(booked);
        // What it advanced, to be funded by civil affairs: the balance is negative.
        Assert.Equal((-300L, FundKind.Assistance), (state.BalanceFen, state.Fund));
    }

    /// <summary>What the ledger query answers for the range (after, through]: rows that move the fund, counted and summed by kind.</summary>
    private static PooledMovements Sum(List<Row> rows, long after, long through)
    {
        var range = rows.Where(r => r.Sequence > after && r.Sequence <= through && r.Fen > 0).ToList();
        (long, long) Of(Kind kind) => (range.Count(r => r.Kind == kind), range.Where(r => r.Kind == kind).Sum(r => r.Fen));
        var (c, cf) = Of(Kind.Contribution);
        var (s, sf) = Of(Kind.Settlement);
        var (r, rf) = Of(Kind.Reversal);
        return new PooledMovements(c, cf, s, sf, r, rf);
    }
}
