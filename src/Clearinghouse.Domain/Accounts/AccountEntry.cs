namespace Clearinghouse.Domain.Accounts;

/// <summary>What caused a movement on an account (the wire's EntryCause, value for value).</summary>
public enum EntryCause
{
    Contribution = 1,
    Settlement = 2,
    Reversal = 3,
    Deposit = 4,
    Withdrawal = 5,
    Close = 6,
    Transfer = 7,
}

/// <summary>
/// One movement booked on an account. <see cref="AmountFen"/> is signed (credit &gt; 0, debit &lt; 0) and
/// <see cref="BalanceAfterFen"/> is the balance before plus it: an account's balance is the sum of its entries.
/// </summary>
/// <param name="Sequence">1, 2, 3 … in booking order within the account.</param>
/// <param name="CauseId">The settlement, reversal, transfer or period id, or the request id of a contribution, deposit or withdrawal.</param>
/// <param name="MovementCount">How many movements the entry books at once: 1, except for a pooled account's batches.</param>
[GenerateSerializer, Immutable, Alias("clearinghouse.account_entry.v1")]
public sealed record AccountEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] EntryCause Cause,
    [property: Id(2)] string CauseId,
    [property: Id(3)] long AmountFen,
    [property: Id(4)] long BalanceAfterFen,
    [property: Id(5)] string Actor,
    [property: Id(6)] DateTimeOffset BookedAt,
    [property: Id(7)] string BankReference,
    [property: Id(8)] long MovementCount);

/// <summary>
/// An account's balance: the sum of its booked entries, as of the last one. Unbooked figures are what a
/// pooled account has committed in the event store but not booked yet (0 for other accounts).
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.account_view.v1")]
public sealed record AccountView(
    [property: Id(0)] string AccountId,
    [property: Id(1)] long BalanceFen,
    [property: Id(2)] DateTimeOffset? AsOf,
    [property: Id(3)] long EntryCount,
    [property: Id(4)] long UnbookedFen,
    [property: Id(5)] long UnbookedCount);

/// <summary>Which entries a listing asks for: booked in [From, To), after a sequence (the page token), at most Limit.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.entry_window.v1")]
public sealed record EntryWindow(
    [property: Id(0)] DateTimeOffset? From,
    [property: Id(1)] DateTimeOffset? To,
    [property: Id(2)] long AfterSequence,
    [property: Id(3)] int Limit);
