using System.Collections.Immutable;
using System.Text.Json;
using Clearinghouse.Domain.Clearing;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Reconciliation;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Clearing;

/// <summary>A close as events: the clearing state before and after, statements, top-ups over several periods.</summary>
public sealed class PeriodCloseTests
{
    // A fixed instant, never the real clock: the close is pure, and its events carry whatever instant the stamp holds.
    private static readonly DateTimeOffset StampedAt = new(2026, 11, 30, 16, 0, 0, TimeSpan.Zero);
    private static RequestStamp Stamp(string id) => new(ClearingAccount.Code, id, "f", StampedAt);

    private static ClearingState Opened(string period, IReadOnlyDictionary<string, long> balances) =>
        OpenedWithDeposits(period, balances.OrderBy(kv => kv.Key, StringComparer.Ordinal));

    /// <summary>A period opened, then each positive balance deposited in the order given.</summary>
    private static ClearingState OpenedWithDeposits(string period, IEnumerable<KeyValuePair<string, long>> deposits)
    {
        var state = new ClearingState();
        state.Apply(new PeriodOpened(Stamp("open"), period));
        foreach (var (region, balance) in deposits.Where(kv => kv.Value > 0))
        {
            state.Apply(new PrepaymentDeposited(new RequestStamp(region, "d", "f", StampedAt), region, balance, balance));
        }
        return state;
    }

    private static PeriodClose.Outcome CutAndNet(ClearingState state, IEnumerable<PairObligation> pairs, IReadOnlyList<OpenDiscrepancyRef>? open = null)
    {
        var period = state.OpenPeriod!;
        state.Apply(new PeriodCutOff(Stamp("cut-" + period), period, ClearingPeriod.Next(period), Forced: false));
        var outcome = PeriodClose.Net(state, state.PrepaymentBalances, period, pairs, open ?? [], Stamp("net-" + period));
        state.Apply(outcome.Closed);
        return outcome;
    }

    [Fact]
    public void Random_closes_issue_a_statement_for_every_region_concerned_and_carry_balances_forward() =>
        ObligationGraphs.Graph.Sample(g =>
        {
            var state = Opened("2026-11", g.Balances);
            var before = state.PrepaymentBalances.ToDictionary();
            var expected = Netting.Compute(g.Pairs, before);

            var outcome = CutAndNet(state, g.Pairs);

            var concerned = expected.Positions.Select(p => p.RegionCode).Concat(before.Where(kv => kv.Value > 0).Select(kv => kv.Key))
                .Concat(outcome.Closed.TopUps.Select(t => t.RegionCode)).Distinct().Order(StringComparer.Ordinal).ToList();
            Assert.Equal(concerned, outcome.Statements.Select(s => s.Position.RegionCode));
            Assert.Equal(concerned, outcome.Closed.StatementRegionCodes);
            foreach (var statement in outcome.Statements)
            {
                var region = statement.Position.RegionCode;
                var position = expected.PositionOf(region) ?? new RegionPosition(region, [], 0, 0, 0, 0, 0, before.GetValueOrDefault(region));
                Assert.Equal(position, statement.Position);
                Assert.Equal(state.BalanceOf(region), statement.Position.PrepaymentBalanceAfterFen);
                // First close: the average is this period's net payable alone.
                Assert.Equal(TopUpRule.Evaluate(region, statement.Position.PrepaymentBalanceAfterFen, [statement.Position.NetPayableFen]), statement.TopUp);
            }
            Assert.Equal(expected.Summary, outcome.Closed.Summary);
            Assert.Equal<Transfer>(expected.Transfers, outcome.Closed.Transfers);
            Assert.Equal(PeriodPhase.Closed, state.Find("2026-11")!.Phase);
            Assert.Equal("2026-12", state.OpenPeriod);
            // Int128: fifty balances of up to NettingLimits.MaxPrepaymentBalanceFen (10^18) pass Int64.
            Assert.Equal(
                Total(before.Values) - Total(outcome.Closed.Regions.Select(r => r.PrepaymentDrawnFen)),
                Total(state.PrepaymentBalances.Values));
        }, iter: 300);

    private static Int128 Total(IEnumerable<long> figures) => figures.Aggregate(Int128.Zero, (sum, fen) => sum + fen);

    /// <summary>Open discrepancies of the graph's regions, several often sharing a region and a business day.</summary>
    private static readonly Gen<(ObligationGraph Graph, OpenDiscrepancyRef[] Open, int Seed)> GraphWithDiscrepancies =
        from g in ObligationGraphs.Graph
        from picks in Gen.Select(Gen.Int[0, 1_000], Gen.Int[1, 3], Gen.Enum<DiscrepancyKind>()).Array[0, 30]
        from seed in Gen.Int
        select (g, picks.Select((p, i) => new OpenDiscrepancyRef(
            $"d{i:D2}", g.Regions[p.Item1 % g.Regions.Length], new DateOnly(2026, 11, p.Item2), p.Item3, $"req-{i}")).ToArray(), seed);

    /// <summary>
    /// A close replayed on another host sees the same facts in another order: pairs as the ledger query
    /// returned them, deposits in the order they were applied, open discrepancies as they were read. The
    /// events must come out identical to the byte, and list discrepancies by region, day and id.
    /// </summary>
    [Fact]
    public void The_close_events_do_not_depend_on_the_order_of_pairs_deposits_or_open_discrepancies() =>
        GraphWithDiscrepancies.Sample(x =>
        {
            var (g, open, seed) = x;
            var random = new Random(seed);
            var pairs = g.Pairs.ToArray();
            var deposits = g.Balances.ToArray();
            var discrepancies = open.ToArray();
            random.Shuffle(pairs);
            random.Shuffle(deposits);
            random.Shuffle(discrepancies);

            PeriodClose.Outcome Close(ClearingState state, IEnumerable<PairObligation> obligations, IReadOnlyList<OpenDiscrepancyRef> openDiscrepancies)
            {
                state.Apply(new PeriodCutOff(Stamp("cut"), "2026-11", "2026-12", Forced: false));
                return PeriodClose.Net(state, state.PrepaymentBalances, "2026-11", obligations, openDiscrepancies, Stamp("net"));
            }
            var inOrder = Close(Opened("2026-11", g.Balances), g.Pairs, open);
            var shuffled = Close(OpenedWithDeposits("2026-11", deposits), pairs, discrepancies);

            Assert.Equal(JsonSerializer.Serialize(inOrder), JsonSerializer.Serialize(shuffled));
            var closed = shuffled.Closed;
            Assert.Equal(
                open.OrderBy(d => d.CareRegionCode, StringComparer.Ordinal).ThenBy(d => d.BusinessDate).ThenBy(d => d.DiscrepancyId, StringComparer.Ordinal),
                closed.OpenDiscrepancies);
            Assert.Equal(closed.StatementRegionCodes.Order(StringComparer.Ordinal), closed.StatementRegionCodes);
        }, iter: 100);

    [Fact]
    public void The_top_up_average_covers_the_last_three_closed_periods()
    {
        // Region A pays B 9,000, then 3,000, then nothing, then 600; it holds 1,000 in prepayment.
        const string a = "110101", b = "310101";
        var state = Opened("2026-09", new Dictionary<string, long> { [a] = 10_000 });
        PairObligation Owes(long fen) => new(a, b, fen, 1, 0, 0);

        var september = CutAndNet(state, [Owes(9_000)]);
        // Balance 1,000 after drawing 9,000; threshold 70% × 9,000 = 6,300.
        Assert.Equal(new TopUpNotice(a, 1_000, 6_300, 5_300, 1), september.Closed.TopUps.Single());

        var october = CutAndNet(state, [Owes(3_000)]);
        // Drew 1,000, 2,000 due; balance 0; average (9,000 + 3,000) / 2 = 6,000, threshold 4,200.
        Assert.Equal(new TopUpNotice(a, 0, 4_200, 4_200, 2), october.Closed.TopUps.Single());
        Assert.Equal((1_000L, 2_000L), (october.Statements[0].Position.PrepaymentDrawnFen, october.Statements[0].Position.AmountDueFen));

        state.Apply(new PrepaymentDeposited(new RequestStamp(a, "top-up", "f", StampedAt), a, 4_000, 4_000));
        var november = CutAndNet(state, []);
        // No line this period, but a statement with the notice: (9,000 + 3,000 + 0) / 3 = 4,000, threshold 2,800 ≤ 4,000.
        Assert.Empty(november.Closed.TopUps);
        Assert.Equal<string>([a], november.Closed.StatementRegionCodes.ToArray());

        var december = CutAndNet(state, [Owes(600)]);
        // September drops out: (3,000 + 0 + 600) / 3 = 1,200, threshold 840; balance 3,400.
        Assert.Empty(december.Closed.TopUps);
        Assert.Equal(3_400, state.BalanceOf(a));
    }

    [Fact]
    public void A_forced_close_lists_each_care_regions_open_discrepancies_on_its_statement()
    {
        var state = Opened("2026-11", new Dictionary<string, long>());
        OpenDiscrepancyRef Open(string id, string region) => new(id, region, new DateOnly(2026, 11, 3), DiscrepancyKind.AmountMismatch, "req-" + id);

        var outcome = CutAndNet(state, [new PairObligation("110101", "310101", 500, 1, 0, 0)], [Open("d2", "310101"), Open("d1", "310101"), Open("d3", "440103")]);

        Assert.Equal(["d1", "d2", "d3"], outcome.Closed.OpenDiscrepancies.Select(d => d.DiscrepancyId));
        Assert.Equal(["d1", "d2"], outcome.Statements.Single(s => s.Position.RegionCode == "310101").OpenDiscrepancies.Select(d => d.DiscrepancyId));
        Assert.Empty(outcome.Statements.Single(s => s.Position.RegionCode == "110101").OpenDiscrepancies);
    }

    [Fact]
    public void Only_the_open_period_is_cut_off_and_only_a_cut_off_period_is_netted()
    {
        var state = Opened("2026-11", new Dictionary<string, long>());

        Assert.Throws<InvariantViolationException>(() => state.Apply(new PeriodCutOff(Stamp("x"), "2026-10", "2026-11", false)));
        Assert.Throws<InvariantViolationException>(() => PeriodClose.Net(state, state.PrepaymentBalances, "2026-11", [], [], Stamp("y")));
        state.Apply(new PeriodCutOff(Stamp("cut"), "2026-11", "2026-12", false));
        Assert.Throws<InvariantViolationException>(() => state.Apply(new PeriodCutOff(Stamp("again"), "2026-11", "2026-12", false)));
        Assert.Equal(("2026-12", PeriodPhase.Closing), (state.OpenPeriod, state.Find("2026-11")!.Phase));
    }

    [Theory]
    [InlineData("2026-11", "2026-12")]
    [InlineData("2026-12", "2027-01")]
    [InlineData("2024-01", "2024-02")]
    public void The_next_period_is_the_next_month(string period, string next) => Assert.Equal(next, ClearingPeriod.Next(period));
}
