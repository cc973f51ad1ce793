using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Accounts;

/// <summary>
/// Marking a closed period's transfer executed by the bank: an amount due credits the clearing account, a payout
/// debits it. A payout that would take the period's money below zero is refused: the clearing account pays out
/// only what the period's payers paid in, so once every transfer of a period is executed its money is zero again.
/// </summary>
public static class TransferExecutions
{
    public static TransferExecuted Execute(
        PeriodClosed closed, int index, ClearingAccountState clearing, string bankReference, DateTimeOffset executedAt, DateTimeOffset now, RequestStamp stamp)
    {
        Invariant.Require(index >= 0 && index < closed.Transfers.Length, "a transfer of the close");
        var id = TransferIds.Of(closed.Period, index);
        var transfer = closed.Transfers[index];
        if (clearing.FindExecution(id) is { } done)
        {
            throw RejectedException.FailedPrecondition(transfer.Kind == TransferKind.PrepaymentDraw
                ? $"transfer {id} is a prepayment draw: the close executed it at {Instant(done.ExecutedAt)}"
                : $"transfer {id} was already executed at {Instant(done.ExecutedAt)} with bank reference {done.BankReference}");
        }
        if (executedAt > now)
        {
            throw RejectedException.InvalidArgument($"executed_at {Instant(executedAt)} is in the future (now {Instant(now)})");
        }
        if (executedAt < closed.Request.AcceptedAt)
        {
            throw RejectedException.FailedPrecondition(
                $"executed_at {Instant(executedAt)} is before period {closed.Period} was closed ({Instant(closed.Request.AcceptedAt)})");
        }
        var executed = new TransferExecuted(stamp, closed.Period, id, transfer, bankReference, executedAt, 0);
        var money = clearing.MoneyOf(closed.Period);
        if (money + executed.SignedAmountFen < 0)
        {
            throw RejectedException.FailedPrecondition(
                $"transfer {id} pays out {transfer.AmountFen} fen but the clearing account holds {money} fen of period {closed.Period}: " +
                "it pays out only what the period's payers paid in (execute their amounts due first)");
        }
        return executed with { BalanceAfterFen = checked(clearing.BalanceFen + executed.SignedAmountFen) };
    }

    /// <summary>As the wire writes instants (RFC 3339, UTC, microseconds), so a message quotes what ListTransfers shows.</summary>
    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
