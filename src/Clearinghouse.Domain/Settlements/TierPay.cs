using Clearinghouse.Domain.Money;
using Clearinghouse.Domain.Policies;

namespace Clearinghouse.Domain.Settlements;

/// <summary>
/// The two tiers after the basic fund (docs/domain.md, "Serious-illness insurance and medical assistance"):
/// serious-illness pay by bands of the yearly qualifying self-burden, then assistance on what is left. Pure
/// and allocation-free, as the rest of the settlement path.
/// </summary>
public static class TierPay
{
    /// <summary>
    /// Steps 9–11 of a visit: its qualifying self-burden, then serious-illness pay, then assistance pay; all 0
    /// for a scheme without tiers. Category C and over-limit self-pay (超限价自付, what the patient pays above a
    /// catalogue's price limits) never qualify.
    /// </summary>
    public static (long QualifyingFen, long SeriousIllnessFen, long AssistanceFen) Of(
        SchemePolicy policy, AssistanceStatus status, YearToDate yearToDate, long totalFen, long selfPayCFen, long overLimitSelfPayFen, long fundPayFen)
    {
        if (!policy.HasTiers)
        {
            return (0, 0, 0);
        }
        var qualifyingFen = totalFen - selfPayCFen - overLimitSelfPayFen - fundPayFen;
        var seriousIllnessFen = SeriousIllness(policy.SeriousIllness, yearToDate.QualifyingSelfBurdenFen, qualifyingFen, yearToDate.SeriousIllnessPaidFen);
        var assistanceFen = Assistance(policy.Assistance, status, qualifyingFen - seriousIllnessFen, yearToDate.AssistancePaidFen);
        return (qualifyingFen, seriousIllnessFen, assistanceFen);
    }

    /// <summary>
    /// Serious-illness pay of a visit that adds <paramref name="qualifyingFen"/> to a yearly qualifying
    /// self-burden of <paramref name="cumulativeBeforeFen"/>: each fen this visit adds above the threshold is
    /// paid at the ratio of the band the yearly figure is in at that fen, so one visit may cross bands. The
    /// per-band products are summed exactly in basis-point units and floored once, then cut to the cap left.
    /// </summary>
    public static long SeriousIllness(SeriousIllnessTier? tier, long cumulativeBeforeFen, long qualifyingFen, long paidBeforeFen)
    {
        if (tier is null || qualifyingFen == 0)
        {
            return 0;
        }
        var cumulativeAfterFen = checked(cumulativeBeforeFen + qualifyingFen);
        long numerator = 0;
        var bandFloorFen = tier.ThresholdFen;
        foreach (var band in tier.Bands)
        {
            if (bandFloorFen >= cumulativeAfterFen)
            {
                break;
            }
            var bandTopFen = band.UpToFen ?? long.MaxValue;
            // This visit's fen inside the band: (cumulative before, cumulative after] ∩ (band floor, band top].
            var fromFen = Math.Max(cumulativeBeforeFen, bandFloorFen);
            var toFen = Math.Min(cumulativeAfterFen, bandTopFen);
            if (toFen > fromFen)
            {
                numerator = checked(numerator + (toFen - fromFen) * band.RatioBp);
            }
            bandFloorFen = bandTopFen;
        }
        // Floor: the tier never pays a fraction of a fen more than its ratios (the numerator is not negative).
        var pay = numerator / BasisPoints.Whole;
        var capLeftFen = Math.Max(0, tier.AnnualCapFen - paidBeforeFen);
        return Math.Min(pay, capLeftFen);
    }

    /// <summary>
    /// Assistance pay: the status's ratio of what the visit's qualifying self-burden still leaves after serious
    /// illness, floored, cut to the cap left. Nothing without a tier or without a status in force.
    /// </summary>
    public static long Assistance(AssistanceTier? tier, AssistanceStatus status, long remainingFen, long paidBeforeFen)
    {
        if (tier is null || status == AssistanceStatus.None)
        {
            return 0;
        }
        var pay = BasisPoints.ApplyFloor(remainingFen, tier.RatioFor(status));
        var capLeftFen = Math.Max(0, tier.AnnualCapFen - paidBeforeFen);
        return Math.Min(pay, capLeftFen);
    }
}
