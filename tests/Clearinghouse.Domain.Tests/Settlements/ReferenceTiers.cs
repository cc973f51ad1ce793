using System.Numerics;
using Clearinghouse.Domain.Policies;

namespace Clearinghouse.Domain.Tests.Settlements;

/// <summary>
/// The serious-illness and assistance rules of docs/domain.md written a second time, independently of TierPay:
/// BigInteger arithmetic, and the band rule as a difference of the cumulative band function
/// F(x) = Σ ratio × |(band floor, band top] ∩ (0, x]| rather than as an intersection with the visit's interval.
/// For small visits, <see cref="SeriousIllnessFenByFen"/> counts fen by fen, checking this reading itself.
/// </summary>
public static class ReferenceTiers
{
    /// <summary>Σ over bands of ratio × the fen of (0, x] inside the band, in basis-point units.</summary>
    private static BigInteger BandFunction(SeriousIllnessTier tier, BigInteger x)
    {
        BigInteger sum = 0;
        BigInteger floor = tier.ThresholdFen;
        foreach (var band in tier.Bands)
        {
            BigInteger? top = band.UpToFen;
            var upper = top is { } t && t < x ? t : x;
            if (upper > floor)
            {
                sum += (upper - floor) * band.RatioBp;
            }
            if (top is null)
            {
                break;
            }
            floor = top.Value;
        }
        return sum;
    }

    public static BigInteger SeriousIllness(SeriousIllnessTier? tier, BigInteger cumulativeBefore, BigInteger qualifying, BigInteger paidBefore)
    {
        if (tier is null)
        {
            return 0;
        }
        var byBands = (BandFunction(tier, cumulativeBefore + qualifying) - BandFunction(tier, cumulativeBefore)) / 10_000;
        var capLeft = BigInteger.Max(0, tier.AnnualCapFen - paidBefore);
        return BigInteger.Min(byBands, capLeft);
    }

    /// <summary>The uncapped, unfloored pay in basis-point units, one fen at a time: each fen at the ratio of the band its yearly position is in.</summary>
    public static BigInteger SeriousIllnessFenByFen(SeriousIllnessTier tier, long cumulativeBefore, long qualifying)
    {
        BigInteger sum = 0;
        for (var position = cumulativeBefore + 1; position <= cumulativeBefore + qualifying; position++)
        {
            if (position <= tier.ThresholdFen)
            {
                continue;
            }
            var band = tier.Bands.First(b => b.UpToFen is null || position <= b.UpToFen);
            sum += band.RatioBp;
        }
        return sum;
    }

    /// <summary>Per band floored, for the coverage count only: the production rule floors once.</summary>
    public static BigInteger PerBandFloors(SeriousIllnessTier tier, BigInteger cumulativeBefore, BigInteger qualifying)
    {
        BigInteger sum = 0;
        BigInteger floor = tier.ThresholdFen;
        foreach (var band in tier.Bands)
        {
            var top = band.UpToFen is { } t ? (BigInteger)t : cumulativeBefore + qualifying;
            var from = BigInteger.Max(floor, cumulativeBefore);
            var to = BigInteger.Min(top, cumulativeBefore + qualifying);
            if (to > from)
            {
                sum += (to - from) * band.RatioBp / 10_000;
            }
            floor = top;
        }
        return sum;
    }

    public static BigInteger Assistance(AssistanceTier? tier, AssistanceStatus status, BigInteger remaining, BigInteger paidBefore)
    {
        if (tier is null)
        {
            return 0;
        }
        var ratio = status switch
        {
            AssistanceStatus.MinimumLiving => tier.MinimumLivingRatioBp,
            AssistanceStatus.ExtremePoverty => tier.ExtremePovertyRatioBp,
            AssistanceStatus.LowIncome => tier.LowIncomeRatioBp,
            _ => 0,
        };
        var capLeft = BigInteger.Max(0, tier.AnnualCapFen - paidBefore);
        return BigInteger.Min(remaining * ratio / 10_000, capLeft);
    }
}
