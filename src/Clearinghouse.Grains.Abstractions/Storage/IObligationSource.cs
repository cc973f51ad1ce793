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

    /// <summary>
    /// The period's pairs summed over the ledger rows numbered in (<paramref name="afterSequence"/>,
    /// <paramref name="throughSequence"/>] only: from 0 through a horizon, the period as committed then; from one
    /// horizon to a later one, what was committed in between, to add to a running figure
    /// (<see cref="Clearinghouse.Domain.Clearing.RunningObligations"/>). Exact when <paramref name="throughSequence"/>
    /// is a horizon (<see cref="IPooledFundQueries.ReadHorizonAsync"/>): no row commits at or below it later.
    /// </summary>
    Task<IReadOnlyList<PairObligation>> ReadRangeAsync(string period, long afterSequence, long throughSequence, CancellationToken cancellationToken = default);
}
