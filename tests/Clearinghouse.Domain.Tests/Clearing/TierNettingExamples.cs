using System.Collections.Immutable;
using Clearinghouse.Domain.Clearing;

namespace Clearinghouse.Domain.Tests.Clearing;

/// <summary>
/// The tiers on a statement: a pair's serious-illness and assistance parts show on the care region's line as
/// advanced and on the insured region's line as owed, signed, whichever way the pair's gross is booked.
/// </summary>
public sealed class TierNettingExamples
{
    private const string Xian = "610100";
    private const string Kunming = "530102";
    private static readonly IReadOnlyDictionary<string, long> NoBalances = ImmutableDictionary<string, long>.Empty;

    [Fact]
    public void Tier_parts_show_as_advanced_by_the_care_region_and_owed_by_the_insured_region()
    {
        // 西安's insured treated in 昆明: settled 9,914,002 (of which serious illness 5,380,002, assistance 2,534,000).
        // 昆明's insured treated in 西安: settled 1,000, reversed 6,000, serious-illness part −3,000: gross −5,000, turned,
        // so 西安 owes 昆明 that 5,000 too.
        var result = Netting.Compute(
            [
                new PairObligation(Xian, Kunming, 9_914_002, 1, 0, 0, 5_380_002, 2_534_000),
                new PairObligation(Kunming, Xian, 1_000, 1, 6_000, 1, -3_000, 0),
            ],
            NoBalances);

        Assert.Equal<StatementLine>(
            [new StatementLine(Kunming, ReceivableFen: 0, PayableFen: 9_919_002, 2, 1, SeriousIllnessAdvancedFen: -3_000, 0, 5_380_002, 2_534_000)],
            result.PositionOf(Xian)!.Lines);
        Assert.Equal<StatementLine>(
            [new StatementLine(Xian, ReceivableFen: 9_919_002, PayableFen: 0, 2, 1, 5_380_002, 2_534_000, SeriousIllnessOwedFen: -3_000, 0)],
            result.PositionOf(Kunming)!.Lines);
        Assert.Equal(-9_919_002, result.PositionOf(Xian)!.NetFen);
    }

    [Theory]
    [InlineData(9_914_003, 0)]
    [InlineData(0, 9_914_003)]
    [InlineData(-1, 0)]
    public void A_tier_part_outside_the_pairs_amounts_is_a_programming_error(long seriousIllnessFen, long assistanceFen)
    {
        var pair = new PairObligation(Xian, Kunming, 9_914_002, 1, 0, 0, seriousIllnessFen, assistanceFen);

        Assert.Throws<InvariantViolationException>(() => Netting.Compute([pair], NoBalances));
    }
}
