using Clearinghouse.Domain.Policies;

namespace Clearinghouse.Domain.Tests.Support;

/// <summary>
/// The tiers the worked examples of docs/domain.md use, on the employee scheme of <see cref="TestPolicies"/>:
/// serious illness above 15,000 yuan a year at 60% up to 100,000 yuan, 70% up to 200,000 yuan, 80% above,
/// capped at 400,000 yuan; assistance 70% (低保), 100% (特困), 50% (低收入), capped at 50,000 yuan. The
/// examples' comments compute with these figures by hand: change none without recomputing them.
/// </summary>
public static class TierPolicies
{
    public const long ThresholdFen = 1_500_000;
    public const long SeriousIllnessCapFen = 40_000_000;
    public const long AssistanceCapFen = 5_000_000;

    public static SeriousIllnessTier SeriousIllness { get; } = new(
        ThresholdFen,
        [new TierBand(10_000_000, 6_000), new TierBand(20_000_000, 7_000), new TierBand(null, 8_000)],
        SeriousIllnessCapFen);

    public static AssistanceTier Assistance { get; } = new(
        MinimumLivingRatioBp: 7_000, ExtremePovertyRatioBp: 10_000, LowIncomeRatioBp: 5_000, AssistanceCapFen);

    /// <summary>The employee scheme with both tiers and 10% of the pooled part to serious illness.</summary>
    public static SchemePolicy Tiered { get; } = TestPolicies.Employee with
    {
        SeriousIllness = SeriousIllness,
        Assistance = Assistance,
        SeriousIllnessShareBp = 1_000,
    };
}
