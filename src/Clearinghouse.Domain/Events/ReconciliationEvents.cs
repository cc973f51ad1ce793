using System.Collections.Immutable;
using Clearinghouse.Domain.Reconciliation;

namespace Clearinghouse.Domain.Events;

// Events of one reconciliation day's stream ("reconciliation:{care region}:{business date}"). Stored
// contracts: never rename or reorder a field; a changed shape is a new event type.

/// <summary>
/// A care region's daily report, compared with the ledger. The day's latest report is its result; earlier
/// ones stay in the stream as history. Carries every discrepancy it found, with ids, so the first answer
/// can be given again to a retry.
/// </summary>
/// <param name="Superseded">Open discrepancies of earlier reports that this report no longer finds.</param>
[GenerateSerializer, Immutable, Alias("clearinghouse.daily_report_reconciled.v1")]
public sealed record DailyReportReconciled(
    RequestStamp Request,
    string ReconciliationId,
    string CareRegionCode,
    DateOnly BusinessDate,
    long MatchedCount,
    long RegionEntryCount,
    long ClearinghouseEntryCount,
    ImmutableArray<RecordedDiscrepancy> Discrepancies,
    ImmutableArray<string> Superseded) : IStampedEvent;

/// <summary>An officer resolved an open discrepancy; who and when are the officer and the request's accepted instant.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.discrepancy_resolved.v1")]
public sealed record DiscrepancyResolved(
    RequestStamp Request, string DiscrepancyId, DiscrepancyResolution Resolution, string Note, string Officer) : IStampedEvent;
