using System.Collections.Immutable;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Reconciliation;

namespace Clearinghouse.Domain.Events;

// Events of the clearing stream ("clearing"): the open period, prepayment balances and the outcome of
// every close. A statement's lines live in the region's statement stream ("statement:{period}:{region}").

/// <summary>The very first period opened for intake (later ones are opened by <see cref="PeriodCutOff"/>).</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.period_opened.v1")]
public sealed record PeriodOpened(RequestStamp Request, string Period) : IStampedEvent;

/// <summary>
/// 预付金: a region paid money in advance into the clearing account; <see cref="BankReference"/> is the
/// bank's reference of that payment. Deposits stored before the reference was required have none: their
/// JSON lacks the property, and System.Text.Json then takes the parameter's default "" (so an old event
/// still loads, and reads as "no reference recorded"). Every deposit accepted now carries one.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.prepayment_deposited.v1")]
public sealed record PrepaymentDeposited(
    RequestStamp Request, string RegionCode, long AmountFen, long BalanceAfterFen, string BankReference = "") : IStampedEvent;

/// <summary>
/// Intake into the period stopped and the next period opened, in one transaction: every settlement and
/// reversal committed before it belongs to the period, every one after it to the next. Netting follows
/// (<see cref="PeriodClosed"/>); a crash between the two leaves the period "closing", and the next close
/// request finishes it.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.period_cut_off.v1")]
public sealed record PeriodCutOff(RequestStamp Request, string Period, string NextPeriod, bool Forced) : IStampedEvent;

/// <summary>
/// The period netted: per region its totals, net, prepayment drawn and amount due (the lines are in the
/// statements), the transfers that settle it, the top-up notices, and the discrepancies a forced close
/// left open, and the regions that got a statement.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.period_closed.v1")]
public sealed record PeriodClosed(
    RequestStamp Request,
    string Period,
    NettingSummary Summary,
    ImmutableArray<RegionCloseFigures> Regions,
    ImmutableArray<Transfer> Transfers,
    ImmutableArray<TopUpNotice> TopUps,
    ImmutableArray<OpenDiscrepancyRef> OpenDiscrepancies,
    ImmutableArray<string> StatementRegionCodes) : IStampedEvent;

/// <summary>One region's figures of a close, without its statement lines.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.region_close_figures.v1")]
public sealed record RegionCloseFigures(
    [property: Id(0)] string RegionCode,
    [property: Id(1)] long ReceivableTotalFen,
    [property: Id(2)] long PayableTotalFen,
    [property: Id(3)] long NetFen,
    [property: Id(4)] long PrepaymentDrawnFen,
    [property: Id(5)] long AmountDueFen,
    [property: Id(6)] long PrepaymentBalanceAfterFen)
{
    public static RegionCloseFigures Of(RegionPosition position) => new(
        position.RegionCode, position.ReceivableTotalFen, position.PayableTotalFen, position.NetFen,
        position.PrepaymentDrawnFen, position.AmountDueFen, position.PrepaymentBalanceAfterFen);
}

// Events of a statement stream ("statement:{period}:{region}").

/// <summary>
/// A region's statement of a closed period, written in the same transaction as <see cref="PeriodClosed"/>.
/// A region with no line still gets one when it holds a prepayment balance or a top-up notice.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.statement_issued.v1")]
public sealed record StatementIssued(
    RequestStamp Request,
    string Period,
    RegionPosition Position,
    TopUpNotice? TopUp,
    ImmutableArray<OpenDiscrepancyRef> OpenDiscrepancies) : IStampedEvent;

/// <summary>The region agreed with its statement.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.statement_confirmed.v1")]
public sealed record StatementConfirmed(RequestStamp Request, string Period, string RegionCode) : IStampedEvent;
