using System.Collections.Immutable;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Reconciliation;

namespace Clearinghouse.Domain.Clearing;

/// <summary>
/// Netting a cut-off period into events: the platform's <see cref="PeriodClosed"/> and one
/// <see cref="StatementIssued"/> per region concerned. Pure: the same state, obligations and open
/// discrepancies give the same events to the fen, which is what makes a close repeatable.
/// </summary>
public static class PeriodClose
{
    public sealed record Outcome(PeriodClosed Closed, ImmutableArray<StatementIssued> Statements);

    /// <param name="prepaymentBalances">Every prepayment account's balance (a region with an account and 0 included).</param>
    public static Outcome Net(
        ClearingState state,
        IReadOnlyDictionary<string, long> prepaymentBalances,
        string period,
        IEnumerable<PairObligation> obligations,
        IReadOnlyList<OpenDiscrepancyRef> openDiscrepancies,
        RequestStamp stamp)
    {
        Invariant.Require(state.Find(period)?.Phase == PeriodPhase.Closing, $"period {period} is cut off and not yet netted");
        var result = Netting.Compute(obligations, prepaymentBalances);

        var topUps = TopUps(state, prepaymentBalances, result).ToImmutableArray();
        var discrepancies = openDiscrepancies
            .OrderBy(d => d.CareRegionCode, StringComparer.Ordinal)
            .ThenBy(d => d.BusinessDate)
            .ThenBy(d => d.DiscrepancyId, StringComparer.Ordinal)
            .ToImmutableArray();

        // A statement for every region with a line, a prepayment account or a notice.
        var regions = result.Positions.Select(p => p.RegionCode)
            .Concat(prepaymentBalances.Keys)
            .Concat(topUps.Select(t => t.RegionCode))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        var closed = new PeriodClosed(
            stamp, period, result.Summary,
            result.Positions.Select(RegionCloseFigures.Of).ToImmutableArray(),
            result.Transfers, topUps, discrepancies, regions);
        var statements = regions
            .Select(region => new StatementIssued(
                stamp, period,
                result.PositionOf(region) ?? EmptyPosition(region, prepaymentBalances.GetValueOrDefault(region)),
                topUps.FirstOrDefault(t => t.RegionCode == region),
                [.. discrepancies.Where(d => d.CareRegionCode == region)]))
            .ToImmutableArray();
        return new Outcome(closed, statements);
    }

    /// <summary>
    /// The top-up rule for every region that holds a prepayment account or had a line in this or one of
    /// the two periods closed before it: its net payable in each of those (0 where it had none).
    /// </summary>
    private static IEnumerable<TopUpNotice> TopUps(ClearingState state, IReadOnlyDictionary<string, long> prepaymentBalances, NettingResult result)
    {
        var earlier = state.Closed.TakeLast(TopUpRule.PeriodsAveraged - 1).ToList();
        var regions = result.Positions.Select(p => p.RegionCode)
            .Concat(prepaymentBalances.Keys)
            .Concat(earlier.SelectMany(c => c.Regions.Select(r => r.RegionCode)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var region in regions)
        {
            var position = result.PositionOf(region);
            var payables = earlier
                .Select(c => NetPayableIn(c, region))
                .Append(position?.NetPayableFen ?? 0)
                .ToList();
            var balanceAfter = position?.PrepaymentBalanceAfterFen ?? prepaymentBalances.GetValueOrDefault(region);
            if (TopUpRule.Evaluate(region, balanceAfter, payables) is { } notice)
            {
                yield return notice;
            }
        }
    }

    private static long NetPayableIn(PeriodClosed closed, string region)
    {
        var figures = closed.Regions.FirstOrDefault(r => r.RegionCode == region);
        return figures is { NetFen: < 0 } ? -figures.NetFen : 0;
    }

    private static RegionPosition EmptyPosition(string region, long balanceFen) =>
        new(region, [], 0, 0, 0, 0, 0, balanceFen);
}
