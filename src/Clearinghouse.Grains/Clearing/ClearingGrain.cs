using System.Collections.Immutable;
using System.Diagnostics;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Accounts;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Clearinghouse.Grains.Clearing;

/// <summary>
/// The clearing aggregate. A close runs in two commits. The cut-off moves intake to the next month:
/// from its commit on the write path's fence refuses the period, so the ledger rows of the period are
/// final. Netting then reads them in one aggregate query and issues the close and every statement in one
/// transaction. A crash between the two leaves the period "closing"; the next activation finishes it.
/// Both commits carry a database notice that tells every silo (its open-period cache, its watch streams).
/// Request ids of closes are scoped to the platform, which acts as the clearing account "000000".
/// The grain is also the only writer of the prepayment accounts and the clearing account (ClearingGrain.Accounts.cs),
/// so a close books its draws in the transaction that closes the period.
/// </summary>
public sealed partial class ClearingGrain(
    IEventLog eventLog,
    IObligationSource obligations,
    IOpenDiscrepancies discrepancies,
    OpenPeriodCache openPeriod,
    BusinessClock clock,
    ClearingMetrics metrics,
    ILogger<ClearingGrain> logger,
    CloseFaults faults) : EventSourcedGrain<ClearingState>(eventLog), IClearingGrain
{
    protected override string StreamKey => StreamKeys.Clearing;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        await LoadAccounts(cancellationToken);
        await CarryOverLegacyBalances();
        if (State.OpenPeriod is null)
        {
            // The first activation ever opens the month it runs in.
            var now = clock.AcceptedNow();
            var stamp = new RequestStamp(ClearingAccount.Code, "open-first-period", "", now, RequestStamp.SystemActor);
            await Commit(new PeriodOpened(stamp, ChinaTime.PeriodOf(now)));
        }
        openPeriod.Advance(State.OpenPeriod!);
        foreach (var record in State.Periods.Where(p => p.Phase == PeriodPhase.Closing).ToList())
        {
            using var closing = metrics.Closing(record.Period);
            await Net(record.Period);
        }
    }

    public Task<string> GetOpenPeriod() => Task.FromResult(State.OpenPeriod!);

    public Task<PeriodView?> GetPeriod(string period) => Task.FromResult(View(period));

    public async Task<ImmutableArray<PeriodView>> ClosedAfterInTurn(string period, string noticed)
    {
        if (State.Find(noticed)?.Phase != PeriodPhase.Closed)
        {
            // A close this activation did not make: a duplicate activation during a membership change made
            // it, and this one is stale. Reading the stream as stored brings it up to date.
            await Reload();
            await LoadAccounts();
            openPeriod.Advance(State.OpenPeriod!);
        }
        return await ClosedAfter(period);
    }

    public Task<ImmutableArray<PeriodView>> ClosedAfter(string period) =>
        Task.FromResult(State.Closed
            .Where(c => string.CompareOrdinal(c.Period, period) > 0)
            .Select(c => View(c.Period)!)
            .ToImmutableArray());

    public async Task<PeriodView> Close(ClosePeriod command)
    {
        var earlier = await Replay<PeriodCutOff>(ClearingAccount.Code, command.RequestId, command.Fingerprint);
        var record = State.Find(command.Period);
        using var closing = metrics.Closing(command.Period);
        if (earlier is null)
        {
            if (record is null || record.Phase == PeriodPhase.Open && command.Period != State.OpenPeriod)
            {
                throw RejectedException.FailedPrecondition(
                    $"period {command.Period} is not open: the open period is {State.OpenPeriod}");
            }
            if (record.Phase == PeriodPhase.Open)
            {
                await CutOff(command);
                await faults.AtAsync(CloseHaltPoint.AfterCutOff, command.Period);
            }
        }
        if (State.Find(command.Period)!.Phase == PeriodPhase.Closing)
        {
            await Net(command.Period);
        }
        return View(command.Period)!;
    }

    private async Task CutOff(ClosePeriod command)
    {
        if (!command.Force)
        {
            var open = await discrepancies.ListOpenAsync(command.Period);
            if (open.Count > 0)
            {
                var first = string.Join(", ", open.Take(5).Select(d => $"{d.DiscrepancyId} ({d.CareRegionCode}, {CivilDate.Format(d.BusinessDate)})"));
                throw RejectedException.FailedPrecondition(
                    $"period {command.Period} has {open.Count} open reconciliation discrepancies ({first}{(open.Count > 5 ? ", …" : "")}): resolve them, or close with force");
            }
        }
        var next = ClearingPeriod.Next(command.Period);
        var stamp = RequestStamps.Of(ClearingAccount.Code, command.RequestId, command.Fingerprint, clock.AcceptedNow());
        await Commit(new PeriodCutOff(stamp, command.Period, next, command.Force));
        openPeriod.Advance(next);
    }

    /// <summary>Nets a cut-off period: repeatable, since the period's ledger rows no longer change.</summary>
    private async Task Net(string period)
    {
        var started = Stopwatch.GetTimestamp();
        var pairs = await obligations.ReadAsync(period);
        var open = await discrepancies.ListOpenAsync(period);
        var read = Stopwatch.GetElapsedTime(started);
        // The netting's events carry a fixed request id per period (a repeated close nets once) and the actor of
        // the close that ran it.
        var stamp = RequestStamps.Of(ClearingAccount.Code, "netting:" + period, "", clock.AcceptedNow());
        var outcome = PeriodClose.Net(State, PrepaymentBalances(), period, pairs, open, stamp);
        var bookings = CloseBookings.Of(outcome.Closed, _prepayments, _clearingAccount, stamp);
        var netted = Stopwatch.GetElapsedTime(started);
        var statements = outcome.Statements
            .Select(s => new StreamAppend(StreamKeys.Statement(period, s.Position.RegionCode), 0, [s]))
            .Concat(BookingAppends(bookings))
            .ToList();
        await faults.AtAsync(CloseHaltPoint.BeforeNettingCommit, period);
        await CommitWith([outcome.Closed], statements);
        ApplyBookings(bookings);
        var summary = outcome.Closed.Summary;
        logger.LogInformation(
            "Closed period {Period}: {Regions} regions, {Pairs} pairs, {Settlements} settlements, {Reversals} reversals, gross {Gross} fen, net {Net} fen; " +
            "read {ReadMs:0} ms, netted {NetMs:0} ms, committed {CommitMs:0} ms",
            period, summary.RegionCount, pairs.Count, summary.SettlementCount, summary.ReversalCount, summary.GrossTotalFen, summary.NetTotalFen,
            read.TotalMilliseconds, (netted - read).TotalMilliseconds, (Stopwatch.GetElapsedTime(started) - netted).TotalMilliseconds);
    }

    private PeriodView? View(string period) =>
        State.Find(period) is { } record ? new PeriodView(record.Period, record.Phase, record.CutOff, record.Closed) : null;
}
