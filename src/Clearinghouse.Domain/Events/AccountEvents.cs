using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Clearinghouse.Domain.Clearing;

namespace Clearinghouse.Domain.Events;

// Events of the prepayment accounts ("prepayment:{region}") and of the clearing account ("clearing:000000").
// The clearing grain is their only writer (docs/accounts.md). A prepayment stream also holds
// PrepaymentDeposited, which earlier stores kept in the clearing stream.

/// <summary>
/// The clearing stream's record that a region's prepayment account exists (stream "prepayment:{region}"), committed
/// with the region's first deposit: the clearing grain finds the accounts it folds from its own stream, without
/// searching the event store for streams by name.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.prepayment_account_opened.v1")]
public sealed record PrepaymentAccountOpened(RequestStamp Request, string RegionCode) : IStampedEvent;

/// <summary>
/// An officer paid prepayment back to the region (a refund or a withdrawal): the money left the platform's bank
/// account under <see cref="BankReference"/>. Never more than the balance.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.prepayment_withdrawn.v1")]
public sealed record PrepaymentWithdrawn(
    RequestStamp Request, string RegionCode, long AmountFen, long BalanceAfterFen, string BankReference, string Reason) : IStampedEvent;

/// <summary>
/// A close drew the region's prepayment to meet its net payable: the money moves, inside the platform, from the
/// prepayment account to the clearing account (transfer <see cref="TransferId"/> of the period, executed by the close).
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.prepayment_drawn.v1")]
public sealed record PrepaymentDrawn(
    RequestStamp Request, string RegionCode, string Period, string TransferId, long AmountFen, long BalanceAfterFen) : IStampedEvent;

/// <summary>
/// The balance a region's deposits and closes had left in the clearing stream, where stores from before the
/// prepayment accounts kept it, carried into the region's prepayment account once (a balance of 0 too: the region
/// holds an account). The clearing stream's <see cref="PrepaymentsCarriedOver"/> commits with it.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.prepayment_carried_over.v1")]
public sealed record PrepaymentCarriedOver(RequestStamp Request, string RegionCode, long AmountFen, long BalanceAfterFen) : IStampedEvent;

/// <summary>
/// The clearing stream's marker of the carry-over: from it on the clearing stream holds no balance, the prepayment
/// accounts hold them all. <see cref="Balances"/> are what was carried, by region code.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.prepayments_carried_over.v1")]
public sealed record PrepaymentsCarriedOver(RequestStamp Request, ImmutableArray<CarriedBalance> Balances) : IStampedEvent;

[GenerateSerializer, Immutable, Alias("clearinghouse.carried_balance.v1")]
public sealed record CarriedBalance([property: Id(0)] string RegionCode, [property: Id(1)] long AmountFen);

/// <summary>
/// The clearing account received a close's prepayment draws (each an executed <see cref="TransferKind.PrepaymentDraw"/>
/// transfer), in the transaction of the close.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.prepayment_draws_booked.v1")]
public sealed record PrepaymentDrawsBooked(RequestStamp Request, string Period, ImmutableArray<BookedDraw> Draws, long BalanceAfterFen) : IStampedEvent;

[GenerateSerializer, Immutable, Alias("clearinghouse.booked_draw.v1")]
public sealed record BookedDraw([property: Id(0)] string TransferId, [property: Id(1)] string RegionCode, [property: Id(2)] long AmountFen);

/// <summary>
/// An officer recorded that the bank executed a transfer of a closed period: an amount due paid into the clearing
/// account (credit) or a payout paid from it (debit), under <see cref="BankReference"/> at <see cref="ExecutedAt"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.transfer_executed.v1")]
public sealed record TransferExecuted(
    RequestStamp Request, string Period, string TransferId, Transfer Transfer, string BankReference, DateTimeOffset ExecutedAt, long BalanceAfterFen)
    : IStampedEvent
{
    /// <summary>What the transfer moves on the clearing account: &gt; 0 in, &lt; 0 out.</summary>
    [JsonIgnore]
    public long SignedAmountFen => Transfer.ToRegionCode == ClearingAccount.Code ? Transfer.AmountFen : -Transfer.AmountFen;
}
