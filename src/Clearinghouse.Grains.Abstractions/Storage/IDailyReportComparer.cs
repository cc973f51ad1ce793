using Clearinghouse.Domain.Reconciliation;

namespace Clearinghouse.Grains.Storage;

/// <summary>
/// Compares a care region's daily report with the ledger without holding the report in memory: the caller
/// stages the entries as they stream in, then asks for the comparison. Nothing of the report is kept by
/// the store; what is recorded is the reconciliation day grain's event.
/// </summary>
public interface IDailyReportComparer
{
    /// <summary>
    /// Opens a staging area for one report. It holds a database connection until it is disposed, so a
    /// report's stream should not idle.
    /// </summary>
    Task<IDailyReportStaging> BeginAsync(CancellationToken cancellationToken = default);
}

/// <summary>One report being staged; dispose it whether or not it was compared.</summary>
public interface IDailyReportStaging : IAsyncDisposable
{
    /// <summary>Lines staged so far.</summary>
    int Lines { get; }

    /// <summary>Stages the next line of the report (lines are numbered in arrival order from 1).</summary>
    Task AddAsync(string requestId, EntryKind kind, EntryAmounts amounts, CancellationToken cancellationToken = default);

    /// <summary>Ends the report and compares it with the ledger of the care region and business day.</summary>
    Task<ComparisonTally> CompareAsync(string careRegionCode, DateOnly businessDate, CancellationToken cancellationToken = default);
}
