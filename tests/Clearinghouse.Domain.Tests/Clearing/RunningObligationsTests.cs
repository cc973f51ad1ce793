using Clearinghouse.Domain.Clearing;
using CsCheck;

namespace Clearinghouse.Domain.Tests.Clearing;

/// <summary>
/// Running figures (the open period's overview): ledger rows summed in any number of consecutive slices, each
/// slice's pairs added to the running list, give exactly the pairs of one sum over all the rows.
/// </summary>
public sealed class RunningObligationsTests
{
    private static readonly string[] Codes = ["110101", "310101", "440103", "510104"];

    /// <summary>One ledger row: a settlement (or a reversal) of a pair, with its tier parts.</summary>
    private static readonly Gen<(int Insured, int Care, bool Reversal, long Fen, long SeriousIllnessFen, long AssistanceFen)> Row =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Bool, Gen.Long[0, 5_000_000], Gen.Long[0, 50_000], Gen.Long[0, 50_000])
            .Where(r => r.Item1 != r.Item2);

    [Fact]
    public void Slices_added_one_after_another_equal_one_sum_over_every_row()
    {
        Gen.Select(Row.Array[0, 60], Gen.Int[1, 6]).Sample((rows, sliceCount) =>
        {
            var running = RunningObligations.Sorted([]);
            var size = Math.Max(1, (rows.Length + sliceCount - 1) / sliceCount);
            foreach (var slice in rows.Chunk(size))
            {
                running = RunningObligations.Add(running, Sum(slice));
            }
            Assert.Equal(RunningObligations.Sorted(Sum(rows)), running);
        });
    }

    [Fact]
    public void Adding_nothing_keeps_the_list_and_a_pair_twice_is_refused()
    {
        var running = RunningObligations.Sorted([new PairObligation("110101", "310101", 100, 1, 0, 0)]);
        Assert.Same(running, RunningObligations.Add(running, []));
        Assert.Throws<InvariantViolationException>(() => RunningObligations.Add(running,
            [new PairObligation("440103", "310101", 1, 1, 0, 0), new PairObligation("440103", "310101", 2, 1, 0, 0)]));
        var added = RunningObligations.Add(running, [new PairObligation("110101", "310101", 50, 0, 70, 1, -5, 3)]);
        Assert.Equal([new PairObligation("110101", "310101", 150, 1, 70, 1, -5, 3)], added);
        Assert.Single(running);
    }

    /// <summary>What the ledger's aggregate query answers for these rows: one pair each, settled and reversed apart.</summary>
    private static IEnumerable<PairObligation> Sum(IEnumerable<(int Insured, int Care, bool Reversal, long Fen, long SeriousIllnessFen, long AssistanceFen)> rows) =>
        rows.GroupBy(r => (r.Insured, r.Care)).Select(g => new PairObligation(
            Codes[g.Key.Insured], Codes[g.Key.Care],
            g.Where(r => !r.Reversal).Sum(r => r.Fen), g.Count(r => !r.Reversal),
            g.Where(r => r.Reversal).Sum(r => r.Fen), g.Count(r => r.Reversal),
            g.Sum(r => r.Reversal ? -r.SeriousIllnessFen : r.SeriousIllnessFen), g.Sum(r => r.Reversal ? -r.AssistanceFen : r.AssistanceFen)));
}
