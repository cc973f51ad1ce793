using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Grains.Storage;

/// <summary>A period's settlements as the period-level supervision comparison reads them, from the settlement ledger.</summary>
public interface IPeriodVisitQueries
{
    /// <summary>
    /// The period's settlements, less those reversed by a reversal booked in the same period. A closed period's answer
    /// never changes: no settlement or reversal is booked in it after its cut-off, and a reversal booked in a later
    /// period belongs to that one.
    /// </summary>
    Task<IReadOnlyList<PeriodVisit>> ListAsync(string period, CancellationToken cancellationToken = default);
}
