using Clearinghouse.Domain.Reconciliation;
using Clearinghouse.Grains.Abstractions;

namespace Clearinghouse.Storage.Clearing;

/// <summary>Until reconciliation (issue 5) records discrepancies, none is ever open.</summary>
public sealed class NoOpenDiscrepancies : IOpenDiscrepancies
{
    public Task<IReadOnlyList<OpenDiscrepancyRef>> ListOpenAsync(string period, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OpenDiscrepancyRef>>([]);
}
