namespace Clearinghouse.Domain.Policies;

/// <summary>
/// 医疗救助: for a person with an assistance status in force on the service date, pays the status's ratio of
/// what is left of the visit's qualifying self-burden after the serious-illness tier, within a yearly cap.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.assistance_tier.v1")]
public sealed record AssistanceTier(
    [property: Id(0)] int MinimumLivingRatioBp,
    [property: Id(1)] int ExtremePovertyRatioBp,
    [property: Id(2)] int LowIncomeRatioBp,
    [property: Id(3)] long AnnualCapFen)
{
    /// <summary>The ratio for a status; 0 for a person without one.</summary>
    public int RatioFor(AssistanceStatus status) => status switch
    {
        AssistanceStatus.MinimumLiving => MinimumLivingRatioBp,
        AssistanceStatus.ExtremePoverty => ExtremePovertyRatioBp,
        AssistanceStatus.LowIncome => LowIncomeRatioBp,
        _ => 0,
    };
}
