using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Accounts;

/// <summary>
/// A person's personal account (个人账户) as entries, read from the person's stream: each contribution's account
/// credit in, each settlement's account payment out, each reversal's account payment back. Movements of 0 fen book
/// no entry. The person grain keeps only the balance (settling needs nothing more); these are read on demand.
/// </summary>
public static class PersonalAccountEntries
{
    public static EntryBook Of(IEnumerable<IStampedEvent> personStream)
    {
        var book = new EntryBook();
        foreach (var e in personStream)
        {
            switch (e)
            {
                case ContributionRecorded { AccountCreditFen: > 0 } contribution:
                    Invariant.Require(contribution.AccountBalanceAfterFen == book.BalanceFen + contribution.AccountCreditFen,
                        "a contribution's balance after is the balance before plus its account credit");
                    book.Book(e, EntryCause.Contribution, e.Request.RequestId, contribution.AccountCreditFen, contribution.AccountBalanceAfterFen);
                    break;
                case SettlementAccepted { Breakdown.AccountPayFen: > 0 } settlement:
                    var paid = settlement.Breakdown.AccountPayFen;
                    book.Book(e, EntryCause.Settlement, settlement.SettlementId, -paid, book.BalanceFen - paid);
                    break;
                case SettlementReversed { AccountPayFen: > 0 } reversal:
                    book.Book(e, EntryCause.Reversal, reversal.ReversalId, reversal.AccountPayFen, book.BalanceFen + reversal.AccountPayFen);
                    break;
            }
            Invariant.Require(book.BalanceFen >= 0, "a personal account never goes below zero");
        }
        return book;
    }
}
