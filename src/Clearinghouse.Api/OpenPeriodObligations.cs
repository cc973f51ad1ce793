using Clearinghouse.Domain;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Grains.Storage;

namespace Clearinghouse.Api;

/// <summary>
/// This host's running figures of the open period's obligations per pair, for the console's overview
/// (GetOpenPeriodOverview, docs/console.md). Summed from scratch once per open period, then on each read brought
/// up to the ledger's current commit horizon by adding only the rows numbered since the last one: a visit reads
/// what was committed since the previous visit, not the whole period. Nothing is added to the settlement commit
/// path. Concurrent readers share one refresh. When the open period moves on (a cut-off), the next refresh sums
/// the new period from scratch. Held in memory per host, derived only from the ledger, so hosts need not agree.
/// </summary>
public sealed class OpenPeriodObligations(IGrainFactory grains, IObligationSource obligations, IPooledFundQueries ledger, BusinessClock clock)
{
    private readonly Lock _gate = new();

    // The last figures; only a refresh writes it, and refreshes run one at a time (_refreshing).
    private Tally? _tally;
    private Task<Tally>? _refreshing;

    /// <summary>The open period's pairs (in <see cref="RunningObligations.PairOrder"/>), exact as of the commit horizon read.</summary>
    public async Task<Tally> ReadAsync(CancellationToken cancellationToken)
    {
        Task<Tally> refresh;
        lock (_gate)
        {
            // A reader arriving while a refresh runs shares it: its figures may lack what committed after that refresh
            // read its horizon (a fraction of a second), which the next read adds.
            if (_refreshing is not { IsCompleted: false })
            {
                _refreshing = Task.Run(RefreshAsync, CancellationToken.None);
            }
            refresh = _refreshing;
        }
        // One reader giving up does not cancel the refresh others wait for.
        return await refresh.WaitAsync(cancellationToken);
    }

    private async Task<Tally> RefreshAsync()
    {
        var period = await grains.GetGrain<IClearingGrain>(IClearingGrain.Key).GetOpenPeriod();
        var asOf = clock.GetUtcNow();
        // Every row numbered at or below the horizon is committed and none will commit there later, so the sums over
        // (last horizon, this horizon] are exactly what the previous figures lack.
        var horizon = (await ledger.ReadHorizonAsync(CancellationToken.None)).ThroughSequence;
        var last = _tally;
        Tally next;
        if (last is null || last.Period != period || horizon < last.ThroughSequence)
        {
            // A new period, or a sequence that went back (a database restored under a running host): from scratch.
            var pairs = await obligations.ReadRangeAsync(period, 0, horizon, CancellationToken.None);
            next = new Tally(period, horizon, asOf, RunningObligations.Sorted(pairs));
        }
        else if (horizon == last.ThroughSequence)
        {
            next = last with { AsOf = asOf };
        }
        else
        {
            var added = await obligations.ReadRangeAsync(period, last.ThroughSequence, horizon, CancellationToken.None);
            next = new Tally(period, horizon, asOf, RunningObligations.Add(last.Pairs, added));
        }
        _tally = next;
        return next;
    }

    /// <param name="ThroughSequence">The commit horizon the figures are exact at.</param>
    /// <param name="AsOf">When that horizon was read.</param>
    public sealed record Tally(string Period, long ThroughSequence, DateTimeOffset AsOf, IReadOnlyList<PairObligation> Pairs);
}
