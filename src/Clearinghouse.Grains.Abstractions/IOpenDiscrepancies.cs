using Clearinghouse.Domain.Reconciliation;

namespace Clearinghouse.Grains.Abstractions;

/// <summary>
/// The reconciliation side of period close: a period cannot close while a care region has an open
/// discrepancy in it, unless the close is forced, and then the statements list them. A discrepancy
/// belongs to the period whose month (YYYY-MM) contains its business date (China time).
/// </summary>
public interface IOpenDiscrepancies
{
    /// <summary>The discrepancies still open in the period, ordered by care region, business date, id.</summary>
    Task<IReadOnlyList<OpenDiscrepancyRef>> ListOpenAsync(string period, CancellationToken cancellationToken = default);
}
