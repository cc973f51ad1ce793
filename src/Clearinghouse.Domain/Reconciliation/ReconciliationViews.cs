using System.Collections.Immutable;

namespace Clearinghouse.Domain.Reconciliation;

/// <summary>One discrepancy as officers see it: what was found, its status, and who resolved it when.</summary>
/// <param name="ReconciliationId">The report that first found it.</param>
[GenerateSerializer, Immutable, Alias("clearinghouse.discrepancy_view.v1")]
public sealed record DiscrepancyView(
    [property: Id(0)] string DiscrepancyId,
    [property: Id(1)] string CareRegionCode,
    [property: Id(2)] DateOnly BusinessDate,
    [property: Id(3)] string ReconciliationId,
    [property: Id(4)] FoundDiscrepancy Found,
    [property: Id(5)] DiscrepancyStatus Status,
    [property: Id(6)] DiscrepancyResolution? Resolution,
    [property: Id(7)] string Note,
    [property: Id(8)] string Officer,
    [property: Id(9)] DateTimeOffset? ResolvedAt);

/// <summary>The result of one daily report: its figures and the discrepancies it found, as of that report.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.reconciliation_report.v1")]
public sealed record ReconciliationReport(
    [property: Id(0)] string ReconciliationId,
    [property: Id(1)] string CareRegionCode,
    [property: Id(2)] DateOnly BusinessDate,
    [property: Id(3)] long MatchedCount,
    [property: Id(4)] long RegionEntryCount,
    [property: Id(5)] long ClearinghouseEntryCount,
    [property: Id(6)] ImmutableArray<DiscrepancyView> Discrepancies);
