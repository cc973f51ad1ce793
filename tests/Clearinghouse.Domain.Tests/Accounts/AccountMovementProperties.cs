using System.Collections.Immutable;
using Clearinghouse.Domain.Accounts;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Accounts;

/// <summary>
/// Random months of deposits, withdrawals, closes (the real PeriodClose and Netting over random obligations) and
/// transfers marked executed in random order, applied as the clearing grain applies them: every account's balance
/// is the sum of its entries, a prepayment never goes below zero, a payout is refused while its period's money is
/// short, and once every transfer of a period is executed the clearing account holds nothing of it.
/// </summary>
public sealed class AccountMovementProperties
{
    private static readonly string[] Regions = ["110101", "310101", "440103", "510104"];
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 2, 0, 0, TimeSpan.Zero);

    /// <summary>0 deposit, 1 withdrawal, 2 close, 3 execute a pending transfer; a region, an amount, obligations, a pick.</summary>
    private sealed record Step(int Kind, int Region, long AmountFen, long[] Owed, int Pick);

    private static readonly Gen<Step> Steps =
        from kind in Gen.Frequency((4, Gen.Const(0)), (2, Gen.Const(1)), (2, Gen.Const(2)), (5, Gen.Const(3)))
        from region in Gen.Int[0, Regions.Length - 1]
        from amount in Gen.Long[1, 500_000]
        from owed in Gen.Frequency((1, Gen.Const(0L)), (2, Gen.Long[1, 400_000])).Array[Regions.Length * Regions.Length]
        from pick in Gen.Int[0, 1_000]
        select new Step(kind, region, amount, owed, pick);

    private sealed class Books
    {
        public ClearingState Clearing { get; } = new();
        public Dictionary<string, PrepaymentAccountState> Prepayments { get; } = new(StringComparer.Ordinal);
        public ClearingAccountState ClearingAccount { get; } = new();
        public DateTimeOffset Now { get; set; } = Start;
        public int Requests { get; set; }

        public PrepaymentAccountState Prepayment(string region) => Prepayments.TryGetValue(region, out var account) ? account : Prepayments[region] = new();

        public RequestStamp Stamp(string scope) => new(scope, "r" + ++Requests, "f", Now = Now.AddMinutes(7), "officer:test");
    }

    [Fact]
    public void Every_balance_is_the_sum_of_its_entries_and_executed_periods_hold_nothing() =>
        Gen.Select(Steps.Array[1, 60], Gen.Int).Sample((steps, seed) =>
        {
            var books = new Books();
            books.Clearing.Apply(new PeriodOpened(books.Stamp(ClearingAccount.Code), "2026-01"));
            var random = new Random(seed);
            foreach (var step in steps)
            {
                Apply(books, step);
                AssertBalances(books);
            }
            // The bank executes every pending transfer, in random order; refused payouts wait for amounts due.
            var shuffled = PendingTransfers(books).ToArray();
            random.Shuffle(shuffled);
            var pending = shuffled.ToList();
            for (var round = 0; pending.Count > 0; round++)
            {
                Assert.True(round <= pending.Count + 1, "every pending transfer is executed once the amounts due are in");
                pending = pending.Where(t => !TryExecute(books, t.Closed, t.Index)).ToList();
                AssertBalances(books);
            }
            foreach (var closed in books.Clearing.Closed)
            {
                Assert.Equal(0, books.ClearingAccount.MoneyOf(closed.Period));
            }
            Assert.Equal(0, books.ClearingAccount.BalanceFen);
        }, iter: 300);

    private static void Apply(Books books, Step step)
    {
        var region = Regions[step.Region];
        var account = books.Prepayment(region);
        switch (step.Kind)
        {
            case 0:
                account.Apply(PrepaymentMovements.Deposit(account, region, step.AmountFen, "DEP", books.Stamp(region)));
                break;
            case 1:
                var before = account.Version;
                try
                {
                    var withdrawn = PrepaymentMovements.Withdraw(account, region, step.AmountFen, "WD", "refund", books.Stamp(region));
                    Assert.True(step.AmountFen <= account.BalanceFen);
                    account.Apply(withdrawn);
                }
                catch (RejectedException refused) when (refused.Code == RejectionCode.FailedPrecondition)
                {
                    Assert.True(step.AmountFen > account.BalanceFen, "only a withdrawal above the balance is refused");
                    Assert.Equal(before, account.Version);
                }
                break;
            case 2:
                Close(books, step.Owed);
                break;
            default:
                var pending = PendingTransfers(books);
                if (pending.Count > 0)
                {
                    var (closed, index) = pending[step.Pick % pending.Count];
                    TryExecute(books, closed, index);
                }
                break;
        }
    }

    private static void Close(Books books, long[] owed)
    {
        var period = books.Clearing.OpenPeriod!;
        books.Clearing.Apply(new PeriodCutOff(books.Stamp(ClearingAccount.Code), period, ClearingPeriod.Next(period), false));
        var pairs = new List<PairObligation>();
        for (var i = 0; i < Regions.Length; i++)
        {
            for (var j = 0; j < Regions.Length; j++)
            {
                var fen = owed[i * Regions.Length + j];
                if (i != j && fen > 0)
                {
                    pairs.Add(new PairObligation(Regions[i], Regions[j], fen, 1, 0, 0));
                }
            }
        }
        var balances = books.Prepayments.ToDictionary(p => p.Key, p => p.Value.BalanceFen);
        var stamp = books.Stamp(ClearingAccount.Code);
        var outcome = PeriodClose.Net(books.Clearing, balances, period, pairs, [], stamp);
        var bookings = CloseBookings.Of(outcome.Closed, books.Prepayments, books.ClearingAccount, stamp);
        books.Clearing.Apply(outcome.Closed);
        foreach (var drawn in bookings.Drawn)
        {
            books.Prepayment(drawn.RegionCode).Apply(drawn);
        }
        if (bookings.Booked is { } booked)
        {
            books.ClearingAccount.Apply(booked);
        }
        // The close leaves each region the balance its statement says.
        foreach (var figures in outcome.Closed.Regions.Where(r => books.Prepayments.ContainsKey(r.RegionCode)))
        {
            Assert.Equal(figures.PrepaymentBalanceAfterFen, books.Prepayments[figures.RegionCode].BalanceFen);
        }
    }

    private static List<(PeriodClosed Closed, int Index)> PendingTransfers(Books books) =>
        [.. books.Clearing.Closed.SelectMany(c => c.Transfers.Select((t, i) => (Closed: c, Index: i)))
            .Where(t => books.ClearingAccount.FindExecution(TransferIds.Of(t.Closed.Period, t.Index)) is null)];

    /// <summary>Whether the transfer was executed; a payout the period's money cannot cover is refused and changes nothing.</summary>
    private static bool TryExecute(Books books, PeriodClosed closed, int index)
    {
        var transfer = closed.Transfers[index];
        var money = books.ClearingAccount.MoneyOf(closed.Period);
        var version = books.ClearingAccount.Version;
        try
        {
            var stamp = books.Stamp(ClearingAccount.Code);
            var executed = TransferExecutions.Execute(closed, index, books.ClearingAccount, "BANK", stamp.AcceptedAt, stamp.AcceptedAt, stamp);
            books.ClearingAccount.Apply(executed);
            return true;
        }
        catch (RejectedException refused) when (refused.Code == RejectionCode.FailedPrecondition)
        {
            Assert.Equal(TransferKind.Payout, transfer.Kind);
            Assert.True(money < transfer.AmountFen, "a payout is refused only while its period holds less than it pays");
            Assert.Equal(version, books.ClearingAccount.Version);
            return false;
        }
    }

    private static void AssertBalances(Books books)
    {
        foreach (var account in books.Prepayments.Values)
        {
            Assert.Equal(account.Book.Entries.Sum(e => e.AmountFen), account.BalanceFen);
            Assert.True(account.BalanceFen >= 0);
            Assert.Equal(Enumerable.Range(1, account.Book.Entries.Count).Select(i => (long)i), account.Book.Entries.Select(e => e.Sequence));
        }
        Assert.Equal(books.ClearingAccount.Book.Entries.Sum(e => e.AmountFen), books.ClearingAccount.BalanceFen);
        foreach (var closed in books.Clearing.Closed)
        {
            Assert.True(books.ClearingAccount.MoneyOf(closed.Period) >= 0);
        }
    }
}
