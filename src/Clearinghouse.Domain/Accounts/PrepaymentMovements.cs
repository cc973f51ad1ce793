using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Accounts;

/// <summary>Deciding a deposit or a withdrawal on a region's prepayment account: its event, or a refusal.</summary>
public static class PrepaymentMovements
{
    public static PrepaymentDeposited Deposit(PrepaymentAccountState account, string regionCode, long amountFen, string bankReference, RequestStamp stamp)
    {
        Invariant.Require(amountFen > 0, "the API admits only positive deposits");
        Invariant.Require(bankReference.Length > 0, "the API admits only deposits with a bank reference");
        if (account.BalanceFen > NettingLimits.MaxPrepaymentBalanceFen - amountFen)
        {
            throw RejectedException.FailedPrecondition(
                $"region {regionCode}'s prepayment balance {account.BalanceFen} fen cannot take another {amountFen} fen");
        }
        return new PrepaymentDeposited(stamp, regionCode, amountFen, account.BalanceFen + amountFen, bankReference);
    }

    /// <summary>A refund or withdrawal: never more than the balance, which never goes below zero.</summary>
    public static PrepaymentWithdrawn Withdraw(
        PrepaymentAccountState? account, string regionCode, long amountFen, string bankReference, string reason, RequestStamp stamp)
    {
        Invariant.Require(amountFen > 0, "the API admits only positive withdrawals");
        Invariant.Require(bankReference.Length > 0 && reason.Length > 0, "the API admits only withdrawals with a bank reference and a reason");
        var balance = account?.BalanceFen ?? 0;
        if (amountFen > balance)
        {
            throw RejectedException.FailedPrecondition(
                $"region {regionCode}'s prepayment balance is {balance} fen: it cannot pay out {amountFen} fen (a prepayment never goes below zero)");
        }
        return new PrepaymentWithdrawn(stamp, regionCode, amountFen, balance - amountFen, bankReference, reason);
    }
}
