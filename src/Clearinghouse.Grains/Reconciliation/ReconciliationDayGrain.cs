using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Grains.Reconciliation;

/// <summary>
/// Decides on one reconciliation day: which discrepancies of earlier reports carry over, and whether a
/// discrepancy may be resolved. Request ids are scoped to the care region, as for Settle and Reverse.
/// </summary>
public sealed class ReconciliationDayGrain(IEventLog eventLog, BusinessClock clock)
    : EventSourcedGrain<ReconciliationDayState>(eventLog), IReconciliationDayGrain
{
    private (string CareRegionCode, DateOnly BusinessDate) Day => ReconciliationKeys.Parse(this.GetPrimaryKeyString());

    protected override string StreamKey => ReconciliationKeys.Stream(Day.CareRegionCode, Day.BusinessDate);

    public async Task<ReconciliationReport> Record(RecordDailyReport command)
    {
        var (region, date) = Day;
        var earlier = await Replay<DailyReportReconciled>(region, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            return State.ReportAsOf(earlier);
        }
        var stamp = RequestStamps.Of(region, command.RequestId, command.Fingerprint, clock.AcceptedNow());
        var merged = DiscrepancyCarryOver.Merge(State.Live, command.Found, () => TimeOrderedId.Text(stamp.AcceptedAt));
        var report = new DailyReportReconciled(
            stamp, TimeOrderedId.Text(stamp.AcceptedAt), region, date, command.MatchedCount, command.RegionEntryCount,
            command.ClearinghouseEntryCount, merged.Recorded, merged.Superseded);
        await Commit(report);
        return State.ReportAsOf(report);
    }

    public async Task<DiscrepancyView> Resolve(ResolveDiscrepancy command)
    {
        var (region, _) = Day;
        var earlier = await Replay<DiscrepancyResolved>(region, command.RequestId, command.Fingerprint);
        if (earlier is not null)
        {
            // A resolution is final, so the discrepancy's view now is the first answer.
            return State.Find(earlier.DiscrepancyId)!.View();
        }
        var discrepancy = State.Find(command.DiscrepancyId)
            ?? throw RejectedException.NotFound($"discrepancy {command.DiscrepancyId} not found");
        switch (discrepancy.Status)
        {
            case DiscrepancyStatus.Superseded:
                throw RejectedException.FailedPrecondition(
                    $"discrepancy {command.DiscrepancyId} was superseded by a later report of {CivilDate.Format(discrepancy.BusinessDate)}; there is nothing to resolve");
            case DiscrepancyStatus.Resolved when SameResolution(discrepancy.Resolution!, command):
                // The same decision under another request id changes nothing: answer it as it stands, unless
                // that request id already belongs to another request.
                await RequireRequestIdUnused(region, command.RequestId);
                return discrepancy.View();
            case DiscrepancyStatus.Resolved:
                throw RejectedException.FailedPrecondition(
                    $"discrepancy {command.DiscrepancyId} was already resolved ({discrepancy.Resolution!.Resolution} by {discrepancy.Resolution.Officer}); a resolution is final");
        }
        var stamp = RequestStamps.Of(region, command.RequestId, command.Fingerprint, clock.AcceptedNow());
        await Commit(new DiscrepancyResolved(stamp, command.DiscrepancyId, command.Resolution, command.Note, command.Officer));
        var resolved = State.Find(command.DiscrepancyId)!;
        Invariant.Require(resolved.Status == DiscrepancyStatus.Resolved, "a committed resolution resolves");
        return resolved.View();
    }

    private static bool SameResolution(DiscrepancyResolved earlier, ResolveDiscrepancy command) =>
        earlier.Resolution == command.Resolution && earlier.Note == command.Note && earlier.Officer == command.Officer;
}
