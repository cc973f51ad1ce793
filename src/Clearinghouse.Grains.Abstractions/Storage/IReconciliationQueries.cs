using Clearinghouse.Domain.Reconciliation;

namespace Clearinghouse.Grains.Storage;

/// <summary>Reads of the reconciliation read models: discrepancies and reconciled days.</summary>
public interface IReconciliationQueries
{
    Task<DiscrepancyView?> FindDiscrepancyAsync(string discrepancyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of a care region's discrepancies with one status (and of one business day, when
    /// <paramref name="businessDate"/> is not null), in the order they were found; the commit sequence is the cursor.
    /// </summary>
    Task<DiscrepancyPage> ListAsync(
        string careRegionCode, DiscrepancyStatus status, DateOnly? businessDate, int pageSize, long afterSequence,
        CancellationToken cancellationToken = default);

    /// <summary>The reconciled days of a care region in a period, with their open discrepancy counts.</summary>
    Task<IReadOnlyList<ReconciledDay>> DaysAsync(string careRegionCode, string period, CancellationToken cancellationToken = default);
}

/// <param name="NextAfterSequence">Where the next page starts; null when the listing is complete.</param>
public sealed record DiscrepancyPage(IReadOnlyList<DiscrepancyView> Discrepancies, long? NextAfterSequence);

public sealed record ReconciledDay(
    DateOnly BusinessDate, string ReconciliationId, DateTimeOffset ReconciledAt, long MatchedCount, long RegionEntryCount,
    long ClearinghouseEntryCount, int OpenDiscrepancyCount);
