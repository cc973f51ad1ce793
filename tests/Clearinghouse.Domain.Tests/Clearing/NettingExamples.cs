using System.Collections.Immutable;
using Clearinghouse.Domain.Clearing;

namespace Clearinghouse.Domain.Tests.Clearing;

/// <summary>轧差 worked examples (docs/domain.md), each figure pinned to the fen.</summary>
public sealed class NettingExamples
{
    private const string Xian = "610100";
    private const string Baoji = "610300";
    private const string Hanyin = "610921";
    private const string Clearing = ClearingAccount.Code;

    private static readonly IReadOnlyDictionary<string, long> NoBalances = ImmutableDictionary<string, long>.Empty;

    private static PairObligation Pair(string payer, string payee, long settledFen, long reversedFen = 0) =>
        new(payer, payee, settledFen, settledFen > 0 ? 1 : 0, reversedFen, reversedFen > 0 ? 1 : 0);

    private static RegionPosition Position(NettingResult result, string region) =>
        result.PositionOf(region) ?? throw new Xunit.Sdk.XunitException($"no position for {region}");

    [Fact]
    public void Triangle_that_nets_to_zero_moves_no_money_and_is_fully_efficient()
    {
        // 西安 owes 宝鸡, 宝鸡 owes 汉阴, 汉阴 owes 西安, 100,000 fen each: every region receives what it pays.
        var result = Netting.Compute(
            [Pair(Xian, Baoji, 100_000), Pair(Baoji, Hanyin, 100_000), Pair(Hanyin, Xian, 100_000)],
            new Dictionary<string, long> { [Xian] = 50_000 });

        Assert.Equal([Xian, Baoji, Hanyin], result.Positions.Select(p => p.RegionCode));
        Assert.All(result.Positions, p =>
        {
            Assert.Equal(100_000, p.ReceivableTotalFen);
            Assert.Equal(100_000, p.PayableTotalFen);
            Assert.Equal(0, p.NetFen);
            Assert.Equal(0, p.PrepaymentDrawnFen);
            Assert.Equal(0, p.AmountDueFen);
        });
        Assert.Equal(50_000, Position(result, Xian).PrepaymentBalanceAfterFen);
        Assert.Empty(result.Transfers);
        Assert.Equal(new NettingSummary(300_000, 0, 10_000, 3, 3, 0), result.Summary);
    }

    [Fact]
    public void Single_pair_nets_nothing_away_and_the_debtor_owes_all_of_it()
    {
        var result = Netting.Compute([Pair(Hanyin, Xian, 12_345)], NoBalances);

        var hanyin = Position(result, Hanyin);
        Assert.Equal<StatementLine>([new StatementLine(Xian, 0, 12_345, 1, 0)], hanyin.Lines);
        Assert.Equal(-12_345, hanyin.NetFen);
        Assert.Equal(0, hanyin.PrepaymentDrawnFen);
        Assert.Equal(12_345, hanyin.AmountDueFen);
        Assert.Equal(0, hanyin.PrepaymentBalanceAfterFen);

        var xian = Position(result, Xian);
        Assert.Equal<StatementLine>([new StatementLine(Hanyin, 12_345, 0, 1, 0)], xian.Lines);
        Assert.Equal(12_345, xian.NetFen);

        // Sorted by the region side's code: 西安 610100 before 汉阴 610921.
        Assert.Equal<Transfer>(
            [new Transfer(Clearing, Xian, 12_345, TransferKind.Payout), new Transfer(Hanyin, Clearing, 12_345, TransferKind.AmountDue)],
            result.Transfers);
        Assert.Equal(new NettingSummary(12_345, 12_345, 0, 2, 1, 0), result.Summary);
    }

    [Fact]
    public void Negative_gross_is_owed_the_other_way()
    {
        // 汉阴's people were treated in 西安: 1,000 settled this period, but 3,500 of earlier settlements
        // were reversed this period. Gross −2,500: 西安 (the care region) owes 汉阴 (the insured region).
        var result = Netting.Compute(
            [new PairObligation(Hanyin, Xian, 1_000, 1, 3_500, 2)],
            new Dictionary<string, long> { [Xian] = 1_000 });

        var hanyin = Position(result, Hanyin);
        Assert.Equal<StatementLine>([new StatementLine(Xian, 2_500, 0, 1, 2)], hanyin.Lines);
        Assert.Equal(2_500, hanyin.NetFen);

        var xian = Position(result, Xian);
        Assert.Equal<StatementLine>([new StatementLine(Hanyin, 0, 2_500, 1, 2)], xian.Lines);
        Assert.Equal(-2_500, xian.NetFen);
        Assert.Equal(1_000, xian.PrepaymentDrawnFen);
        Assert.Equal(1_500, xian.AmountDueFen);
        Assert.Equal(0, xian.PrepaymentBalanceAfterFen);

        Assert.Equal<Transfer>(
            [
                new Transfer(Xian, Clearing, 1_000, TransferKind.PrepaymentDraw),
                new Transfer(Xian, Clearing, 1_500, TransferKind.AmountDue),
                new Transfer(Clearing, Hanyin, 2_500, TransferKind.Payout),
            ],
            result.Transfers);
        Assert.Equal(new NettingSummary(2_500, 2_500, 0, 2, 1, 2), result.Summary);
    }

    [Theory]
    [InlineData(4_000, 4_000, 6_000, 0)]          // partly covers: the balance is used up, the rest is due
    [InlineData(10_000, 10_000, 0, 0)]            // exactly covers
    [InlineData(25_000, 10_000, 0, 15_000)]       // fully covers, with some left
    [InlineData(0, 0, 10_000, 0)]                 // zero balance: all due
    public void Net_debtor_draws_its_prepayment_first(long balanceFen, long drawnFen, long dueFen, long balanceAfterFen)
    {
        var result = Netting.Compute([Pair(Baoji, Xian, 10_000)], new Dictionary<string, long> { [Baoji] = balanceFen });

        var baoji = Position(result, Baoji);
        Assert.Equal(-10_000, baoji.NetFen);
        Assert.Equal(drawnFen, baoji.PrepaymentDrawnFen);
        Assert.Equal(dueFen, baoji.AmountDueFen);
        Assert.Equal(balanceAfterFen, baoji.PrepaymentBalanceAfterFen);

        // 西安 610100 sorts before 宝鸡 610300.
        var expected = new List<Transfer> { new(Clearing, Xian, 10_000, TransferKind.Payout) };
        if (drawnFen > 0)
        {
            expected.Add(new Transfer(Baoji, Clearing, drawnFen, TransferKind.PrepaymentDraw));
        }
        if (dueFen > 0)
        {
            expected.Add(new Transfer(Baoji, Clearing, dueFen, TransferKind.AmountDue));
        }
        Assert.Equal<Transfer>(expected, result.Transfers);
    }

    [Fact]
    public void Net_creditor_draws_nothing_and_keeps_its_balance()
    {
        var result = Netting.Compute([Pair(Baoji, Xian, 10_000)], new Dictionary<string, long> { [Xian] = 7_000 });

        var xian = Position(result, Xian);
        Assert.Equal(10_000, xian.NetFen);
        Assert.Equal(0, xian.PrepaymentDrawnFen);
        Assert.Equal(0, xian.AmountDueFen);
        Assert.Equal(7_000, xian.PrepaymentBalanceAfterFen);
        Assert.Equal(0, xian.NetPayableFen);
    }

    [Fact]
    public void Both_directions_between_two_regions_stay_gross_on_the_line()
    {
        var result = Netting.Compute(
            [new PairObligation(Xian, Baoji, 700, 3, 0, 0), new PairObligation(Baoji, Xian, 200, 2, 0, 0)], NoBalances);

        // The line shows both directions; only the net offsets them.
        Assert.Equal<StatementLine>([new StatementLine(Baoji, 200, 700, 5, 0)], Position(result, Xian).Lines);
        Assert.Equal<StatementLine>([new StatementLine(Xian, 700, 200, 5, 0)], Position(result, Baoji).Lines);
        Assert.Equal(-500, Position(result, Xian).NetFen);
        Assert.Equal(500, Position(result, Baoji).NetFen);
        // Gross 900, net 500: floor(400 × 10000 / 900) = floor(4444.4) = 4444.
        Assert.Equal(new NettingSummary(900, 500, 4_444, 2, 5, 0), result.Summary);
    }

    [Fact]
    public void Efficiency_is_rounded_down()
    {
        // 汉阴 → 宝鸡 3, 宝鸡 → 西安 4: nets 汉阴 −3, 宝鸡 −1, 西安 +4. Gross 7, net 4,
        // efficiency floor(3 × 10000 / 7) = floor(4285.71) = 4285.
        var result = Netting.Compute([Pair(Hanyin, Baoji, 3), Pair(Baoji, Xian, 4)], NoBalances);

        Assert.Equal([4L, -1, -3], result.Positions.Select(p => p.NetFen)); // 西安, 宝鸡, 汉阴 by code
        Assert.Equal(new NettingSummary(7, 4, 4_285, 3, 2, 0), result.Summary);
        Assert.Equal(4_285, Netting.EfficiencyBp(7, 4));
    }

    [Fact]
    public void Pair_whose_reversals_cancel_its_settlements_still_shows_its_counts()
    {
        var result = Netting.Compute([new PairObligation(Xian, Hanyin, 500, 2, 500, 2)], NoBalances);

        Assert.Equal<StatementLine>([new StatementLine(Hanyin, 0, 0, 2, 2)], Position(result, Xian).Lines);
        Assert.Equal<StatementLine>([new StatementLine(Xian, 0, 0, 2, 2)], Position(result, Hanyin).Lines);
        Assert.Empty(result.Transfers);
        // Nothing owed at all: efficiency is 0 by definition, not 10000.
        Assert.Equal(new NettingSummary(0, 0, 0, 2, 2, 2), result.Summary);
    }

    [Fact]
    public void Empty_period_and_empty_pairs_give_no_positions()
    {
        var balances = new Dictionary<string, long> { [Xian] = 9_000 };
        foreach (var obligations in new[] { Array.Empty<PairObligation>(), [new PairObligation(Xian, Baoji, 0, 0, 0, 0)] })
        {
            var result = Netting.Compute(obligations, balances);

            Assert.Empty(result.Positions);
            Assert.Empty(result.Transfers);
            Assert.Null(result.PositionOf(Xian));
            Assert.Equal(new NettingSummary(0, 0, 0, 0, 0, 0), result.Summary);
        }
    }

    [Fact]
    public void Region_with_a_balance_but_no_line_has_no_position()
    {
        var result = Netting.Compute([Pair(Baoji, Xian, 10)], new Dictionary<string, long> { [Hanyin] = 5 });

        Assert.Null(result.PositionOf(Hanyin));
        Assert.Equal(2, result.Summary.RegionCount);
    }

    [Fact]
    public void Zero_counts_with_a_zero_amount_are_a_line_and_a_settlement_of_zero_fen_counts()
    {
        // A visit entirely below the deductible, paid in cash: an obligation of 0 fen, but a settlement.
        var result = Netting.Compute([new PairObligation(Xian, Baoji, 0, 1, 0, 0)], NoBalances);

        Assert.Equal<StatementLine>([new StatementLine(Baoji, 0, 0, 1, 0)], Position(result, Xian).Lines);
        Assert.Equal(new NettingSummary(0, 0, 0, 2, 1, 0), result.Summary);
    }

    [Fact]
    public void Output_order_is_by_region_code_whatever_the_input_order()
    {
        var pairs = new[] { Pair(Hanyin, Xian, 5), Pair(Xian, Baoji, 7), Pair("010101", Hanyin, 11) };
        var balances = new Dictionary<string, long> { [Hanyin] = 3, [Xian] = 100 };

        var forward = Netting.Compute(pairs, balances);
        var backward = Netting.Compute(pairs.Reverse(), balances.Reverse().ToDictionary());

        Assert.Equal(["010101", Xian, Baoji, Hanyin], forward.Positions.Select(p => p.RegionCode));
        Assert.Equal([Baoji, Hanyin], Position(forward, Xian).Lines.Select(l => l.CounterpartyRegionCode));
        Assert.Equal(
            ["010101", Xian, Baoji, Hanyin],
            forward.Transfers.Select(t => t.FromRegionCode == Clearing ? t.ToRegionCode : t.FromRegionCode));
        Assert.Equal(forward, backward);
        Assert.Equal(forward.GetHashCode(), backward.GetHashCode());
    }

    [Fact]
    public void Largest_pairs_do_not_overflow()
    {
        // 999 regions each owe one hub the largest pair amount: the hub receives 999 × 10^12 fen.
        var hub = "500000";
        var pairs = Enumerable.Range(1, 999)
            .Select(i => new PairObligation((100_000 + i).ToString("D6"), hub, NettingLimits.MaxPairAmountFen, NettingLimits.MaxPairCount, 0, 0));

        var result = Netting.Compute(pairs, NoBalances);

        Assert.Equal(999 * NettingLimits.MaxPairAmountFen, Position(result, hub).NetFen);
        Assert.Equal(999 * NettingLimits.MaxPairAmountFen, result.Summary.NetTotalFen);
        Assert.Equal(0, result.Summary.NettingEfficiencyBp);
    }

    public static TheoryData<string, PairObligation> MalformedPairs => new()
    {
        { "5-digit code", new PairObligation("61010", Xian, 1, 1, 0, 0) },
        { "7-digit code", new PairObligation(Xian, "6101000", 1, 1, 0, 0) },
        { "letter", new PairObligation("61010a", Xian, 1, 1, 0, 0) },
        { "full-width digit", new PairObligation("６10100", Xian, 1, 1, 0, 0) },
        { "empty code", new PairObligation("", Xian, 1, 1, 0, 0) },
        { "clearing account as payer", new PairObligation(Clearing, Xian, 1, 1, 0, 0) },
        { "clearing account as payee", new PairObligation(Xian, Clearing, 1, 1, 0, 0) },
        { "payer is payee", new PairObligation(Xian, Xian, 1, 1, 0, 0) },
        { "negative settled", new PairObligation(Xian, Baoji, -1, 1, 0, 0) },
        { "negative reversed", new PairObligation(Xian, Baoji, 0, 0, -1, 1) },
        { "negative settlement count", new PairObligation(Xian, Baoji, 0, -1, 0, 0) },
        { "negative reversal count", new PairObligation(Xian, Baoji, 0, 0, 0, -1) },
        { "settled without a settlement", new PairObligation(Xian, Baoji, 5, 0, 0, 0) },
        { "reversed without a reversal", new PairObligation(Xian, Baoji, 0, 0, 5, 0) },
        { "settled above the limit", new PairObligation(Xian, Baoji, NettingLimits.MaxPairAmountFen + 1, 1, 0, 0) },
        { "reversed above the limit", new PairObligation(Xian, Baoji, 0, 0, NettingLimits.MaxPairAmountFen + 1, 1) },
        { "count above the limit", new PairObligation(Xian, Baoji, 1, NettingLimits.MaxPairCount + 1, 0, 0) },
    };

    [Theory]
    [MemberData(nameof(MalformedPairs))]
    public void Malformed_pair_is_an_invariant_violation(string why, PairObligation pair)
    {
        var error = Assert.Throws<InvariantViolationException>(() => Netting.Compute([Pair(Hanyin, Baoji, 1), pair], NoBalances));
        Assert.False(string.IsNullOrEmpty(error.Message), why);
    }

    [Fact]
    public void Duplicate_pair_is_an_invariant_violation_even_when_empty()
    {
        Assert.Throws<InvariantViolationException>(() => Netting.Compute([Pair(Xian, Baoji, 1), Pair(Xian, Baoji, 2)], NoBalances));
        Assert.Throws<InvariantViolationException>(() => Netting.Compute([Pair(Xian, Baoji, 0), Pair(Xian, Baoji, 0)], NoBalances));
        // The reverse direction is another pair, not a duplicate.
        Assert.Equal(2, Netting.Compute([Pair(Xian, Baoji, 1), Pair(Baoji, Xian, 2)], NoBalances).Summary.RegionCount);
    }

    [Theory]
    [InlineData(Xian, -1)]
    [InlineData("61010", 0)]
    [InlineData(Clearing, 0)]
    public void Malformed_balance_is_an_invariant_violation(string region, long balanceFen)
    {
        Assert.Throws<InvariantViolationException>(() =>
            Netting.Compute([Pair(Xian, Baoji, 1)], new Dictionary<string, long> { [region] = balanceFen }));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(-1, 0)]
    public void Efficiency_of_impossible_totals_is_an_invariant_violation(long grossFen, long netFen) =>
        Assert.Throws<InvariantViolationException>(() => Netting.EfficiencyBp(grossFen, netFen));

    [Theory]
    [InlineData("610924", true)]
    [InlineData("000001", true)]
    [InlineData("000000", false)]
    [InlineData("61092", false)]
    [InlineData("6109240", false)]
    [InlineData("61092x", false)]
    [InlineData(" 61092", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Region_code_format(string? code, bool valid) => Assert.Equal(valid, RegionCodeFormat.IsValid(code));
}
