using System.Collections.Immutable;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Reconciliation;

/// <summary>
/// One care region's reconciliation of one business day, folded from its stream: every report submitted
/// for the day and every resolution. Apply never throws and never does I/O.
/// </summary>
public sealed class ReconciliationDayState : IEventSourcedState
{
    private readonly RequestIndex _requests = new();
    private readonly Dictionary<string, DayDiscrepancy> _discrepancies = [];
    private readonly Dictionary<string, long> _reportVersions = [];

    public long Version { get; private set; }

    /// <summary>The day's latest report, whose result stands; null before the first.</summary>
    public DailyReportReconciled? Latest { get; private set; }

    public long? FindRequest(RequestKey requestKey) => _requests.Find(requestKey);

    public DayDiscrepancy? Find(string discrepancyId) => _discrepancies.GetValueOrDefault(discrepancyId);

    /// <summary>Discrepancies a new report may carry over: open and resolved ones.</summary>
    public IEnumerable<LiveDiscrepancy> Live => _discrepancies.Values
        .Where(d => d.Status != DiscrepancyStatus.Superseded)
        .Select(d => new LiveDiscrepancy(d.DiscrepancyId, d.Found, d.Status));

    public void Apply(IStampedEvent e)
    {
        Version++;
        _requests.Add(e.Request.Key, Version);
        switch (e)
        {
            case DailyReportReconciled report:
                _reportVersions[report.ReconciliationId] = Version;
                foreach (var recorded in report.Discrepancies.Where(d => !d.CarriedOver))
                {
                    _discrepancies[recorded.DiscrepancyId] = new DayDiscrepancy(
                        recorded.DiscrepancyId, report.CareRegionCode, report.BusinessDate, report.ReconciliationId,
                        recorded.Found, DiscrepancyStatus.Open, null, 0);
                }
                foreach (var id in report.Superseded)
                {
                    if (_discrepancies.TryGetValue(id, out var open))
                    {
                        _discrepancies[id] = open with { Status = DiscrepancyStatus.Superseded };
                    }
                }
                Latest = report;
                break;
            case DiscrepancyResolved resolved when _discrepancies.TryGetValue(resolved.DiscrepancyId, out var discrepancy):
                _discrepancies[resolved.DiscrepancyId] = discrepancy with
                {
                    Status = DiscrepancyStatus.Resolved, Resolution = resolved, ResolvedInVersion = Version,
                };
                break;
        }
    }

    /// <summary>
    /// A report's result as it was answered: a discrepancy resolved or superseded after the report shows
    /// as open, as it was then; one resolved before the report (carried over) shows its resolution.
    /// </summary>
    public ReconciliationReport ReportAsOf(DailyReportReconciled report)
    {
        var version = _reportVersions[report.ReconciliationId];
        var views = report.Discrepancies.Select(recorded =>
        {
            var discrepancy = _discrepancies[recorded.DiscrepancyId];
            var resolvedThen = discrepancy.Resolution is not null && discrepancy.ResolvedInVersion < version;
            return resolvedThen ? discrepancy.View() : (discrepancy with { Status = DiscrepancyStatus.Open, Resolution = null }).View();
        });
        return new ReconciliationReport(
            report.ReconciliationId, report.CareRegionCode, report.BusinessDate, report.MatchedCount, report.RegionEntryCount,
            report.ClearinghouseEntryCount, [.. views]);
    }
}

/// <param name="ReconciliationId">The report that first found it.</param>
/// <param name="ResolvedInVersion">The stream version of the resolution (0 while unresolved).</param>
public sealed record DayDiscrepancy(
    string DiscrepancyId,
    string CareRegionCode,
    DateOnly BusinessDate,
    string ReconciliationId,
    FoundDiscrepancy Found,
    DiscrepancyStatus Status,
    DiscrepancyResolved? Resolution,
    long ResolvedInVersion)
{
    public DiscrepancyView View() => new(
        DiscrepancyId, CareRegionCode, BusinessDate, ReconciliationId, Found, Status, Resolution?.Resolution,
        Resolution?.Note ?? "", Resolution?.Officer ?? "", Resolution?.Request.AcceptedAt);
}
