using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Accounts;

/// <summary>
/// A region's prepayment account (stream "prepayment:{region}") folded: deposits in, withdrawals and close draws
/// out, and the balance an earlier store's clearing stream carried over. The balance is the sum of the entries and
/// never below zero.
/// </summary>
public sealed class PrepaymentAccountState : IEventSourcedState
{
    private readonly EntryBook _book = new();
    private readonly RequestIndex _requests = new();

    public long Version { get; private set; }

    public long BalanceFen => _book.BalanceFen;

    public EntryBook Book => _book;

    public long? FindRequest(RequestKey requestKey) => _requests.Find(requestKey);

    public void Apply(IStampedEvent e)
    {
        switch (e)
        {
            case PrepaymentDeposited deposited:
                Invariant.Require(deposited.AmountFen > 0, "a deposit is positive");
                _book.Book(e, EntryCause.Deposit, e.Request.RequestId, deposited.AmountFen, deposited.BalanceAfterFen, deposited.BankReference);
                break;
            case PrepaymentWithdrawn withdrawn:
                Invariant.Require(withdrawn.AmountFen > 0, "a withdrawal is positive");
                _book.Book(e, EntryCause.Withdrawal, e.Request.RequestId, -withdrawn.AmountFen, withdrawn.BalanceAfterFen, withdrawn.BankReference);
                break;
            case PrepaymentDrawn drawn:
                Invariant.Require(drawn.AmountFen > 0, "a close draws a positive amount");
                _book.Book(e, EntryCause.Close, drawn.Period, -drawn.AmountFen, drawn.BalanceAfterFen);
                break;
            case PrepaymentCarriedOver carried:
                Invariant.Require(carried.AmountFen >= 0, "a carried balance is not negative");
                _book.Book(e, EntryCause.Deposit, e.Request.RequestId, carried.AmountFen, carried.BalanceAfterFen);
                break;
            default:
                throw new InvariantViolationException($"a prepayment stream holds no {e.GetType().Name} events");
        }
        Invariant.Require(BalanceFen is >= 0 and <= NettingLimits.MaxPrepaymentBalanceFen, "a prepayment balance is within 0..NettingLimits.MaxPrepaymentBalanceFen");
        Version++;
        _requests.Add(e.Request.Key, Version);
    }
}
