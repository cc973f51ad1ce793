using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Accounts;

/// <summary>
/// The clearing account "000000" (stream "clearing:000000") folded: each close's prepayment draws in, executed
/// amounts due in, executed payouts out. Its money is kept per period as well: a period's money is never below zero
/// (it pays out only what its payers paid in), and the balance is the sum of the periods' money and of the entries.
/// </summary>
public sealed class ClearingAccountState : IEventSourcedState
{
    private readonly EntryBook _book = new();
    private readonly RequestIndex _requests = new();
    private readonly Dictionary<string, long> _periodMoney = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TransferExecution> _executed = new(StringComparer.Ordinal);

    public long Version { get; private set; }

    public long BalanceFen => _book.BalanceFen;

    public EntryBook Book => _book;

    /// <summary>What the clearing account holds for one period: drawn and paid in, less paid out.</summary>
    public long MoneyOf(string period) => _periodMoney.GetValueOrDefault(period);

    /// <summary>How a transfer was executed (a draw by its close, any other by an officer); null while pending.</summary>
    public TransferExecution? FindExecution(string transferId) => _executed.GetValueOrDefault(transferId);

    public long? FindRequest(RequestKey requestKey) => _requests.Find(requestKey);

    public void Apply(IStampedEvent e)
    {
        switch (e)
        {
            case PrepaymentDrawsBooked booked:
                Invariant.Require(!_periodMoney.ContainsKey(booked.Period), "a period's draws are booked once, before any of its transfers");
                foreach (var draw in booked.Draws)
                {
                    Invariant.Require(draw.AmountFen > 0, "a draw is positive");
                    _book.Book(e, EntryCause.Close, booked.Period, draw.AmountFen, checked(_book.BalanceFen + draw.AmountFen));
                    _periodMoney[booked.Period] = checked(MoneyOf(booked.Period) + draw.AmountFen);
                    _executed.Add(draw.TransferId, new TransferExecution(draw.TransferId, "", e.Request.AcceptedAt, e.Request.RequestId));
                }
                Invariant.Require(BalanceFen == booked.BalanceAfterFen, "the balance after the draws is the balance before plus them");
                break;
            case TransferExecuted executed:
                Invariant.Require(executed.Transfer.Kind != TransferKind.PrepaymentDraw, "a draw is executed by its close");
                var money = checked(MoneyOf(executed.Period) + executed.SignedAmountFen);
                Invariant.Require(money >= 0, "the clearing account pays out of a period only what the period's payers paid in");
                _book.Book(e, EntryCause.Transfer, executed.TransferId, executed.SignedAmountFen, executed.BalanceAfterFen, executed.BankReference);
                _periodMoney[executed.Period] = money;
                _executed.Add(executed.TransferId, new TransferExecution(executed.TransferId, executed.BankReference, executed.ExecutedAt, e.Request.RequestId));
                break;
            default:
                throw new InvariantViolationException($"the clearing account's stream holds no {e.GetType().Name} events");
        }
        Invariant.Require(BalanceFen == _periodMoney.Values.Sum(), "the clearing account's balance is the sum of its periods' money");
        Version++;
        _requests.Add(e.Request.Key, Version);
    }
}

/// <summary>How and when a transfer was executed; <paramref name="BankReference"/> is empty for a draw (moved inside the platform).</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.transfer_execution.v1")]
public sealed record TransferExecution(
    [property: Id(0)] string TransferId,
    [property: Id(1)] string BankReference,
    [property: Id(2)] DateTimeOffset ExecutedAt,
    [property: Id(3)] string RequestId);
