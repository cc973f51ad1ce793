using Clearinghouse.Domain.Clearing;

namespace Clearinghouse.Domain.Tests.Clearing;

/// <summary>The pairs a heat map of N regions shows: those between the N regions with the largest obligations.</summary>
public sealed class LargestPairsTests
{
    private static readonly PairObligation[] Pairs =
    [
        new("110101", "310101", 9_000, 3, 0, 0),
        new("310101", "110101", 1_000, 1, 0, 0),
        new("440103", "110101", 500, 1, 0, 0),
        // More reversed than settled: its weight is the absolute gross.
        new("440103", "510104", 100, 1, 2_100, 1),
        new("510104", "310101", 50, 1, 0, 0),
    ];

    [Fact]
    public void The_pairs_between_the_heaviest_regions_are_kept_in_their_order()
    {
        // Weights: 110101 10,500; 310101 10,050; 440103 2,500; 510104 2,050.
        Assert.Equal([Pairs[0], Pairs[1]], LargestPairs.Among(Pairs, 2));
        Assert.Equal([Pairs[0], Pairs[1], Pairs[2]], LargestPairs.Among(Pairs, 3));
        Assert.Equal(Pairs, LargestPairs.Among(Pairs, 4));
        Assert.Equal(Pairs, LargestPairs.Among(Pairs, 1_000));
    }

    [Fact]
    public void One_region_or_none_has_no_pair_and_a_tie_goes_to_the_smaller_code()
    {
        Assert.Empty(LargestPairs.Among(Pairs, 1));
        Assert.Empty(LargestPairs.Among(Pairs, 0));
        PairObligation[] tied = [new("110101", "210101", 100, 1, 0, 0), new("310101", "410101", 100, 1, 0, 0)];
        Assert.Equal([tied[0]], LargestPairs.Among(tied, 2));
    }
}
