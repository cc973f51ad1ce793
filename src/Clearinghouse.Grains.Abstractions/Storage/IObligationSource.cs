using Clearinghouse.Domain.Clearing;

namespace Clearinghouse.Grains.Storage;

/// <summary>
/// A cut-off period's obligations, summed per ordered pair of regions by one aggregate query over the
/// ledger: closing never replays person streams, so it stays fast with millions of settlements.
/// </summary>
public interface IObligationSource
{
    /// <summary>
    /// Final once the period is cut off: no settlement or reversal can join it after that. Read while the period is
    /// open, a running figure (the console's overview of the open period).
    /// </summary>
    Task<IReadOnlyList<PairObligation>> ReadAsync(string period, CancellationToken cancellationToken = default);

    /// <summary>
    /// The pairs one region is party to (as insured or as care region), as committed so far: while the period is
    /// open, a running figure that later settlements and reversals move on.
    /// </summary>
    Task<IReadOnlyList<PairObligation>> ReadForRegionAsync(string period, string regionCode, CancellationToken cancellationToken = default);
}
