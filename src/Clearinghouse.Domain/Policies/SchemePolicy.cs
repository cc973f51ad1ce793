using System.Collections.Immutable;

namespace Clearinghouse.Domain.Policies;

/// <summary>
/// The insured region's rules for one scheme (docs/domain.md). The tiers and the serious-illness share came
/// later: a policy stored without them reads back with none (null, 0), which settles as before.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.scheme_policy.v1")]
public sealed record SchemePolicy(
    [property: Id(0)] Scheme Scheme,
    [property: Id(1)] int CategoryBCopayBp,
    [property: Id(2)] int RetiredBonusBp,
    [property: Id(3)] int UnregisteredReductionBp,
    [property: Id(4)] long AnnualCapFen,
    [property: Id(5)] int EmployerToAccountBp,
    [property: Id(6)] ImmutableArray<BenefitRule> Rules,
    [property: Id(7)] SeriousIllnessTier? SeriousIllness = null,
    [property: Id(8)] AssistanceTier? Assistance = null,
    [property: Id(9)] int SeriousIllnessShareBp = 0)
{
    /// <summary>Whether a visit under this scheme has a qualifying self-burden to count at all.</summary>
    public bool HasTiers => SeriousIllness is not null || Assistance is not null;

    public BenefitRule? RuleFor(VisitType visitType, int hospitalLevel)
    {
        foreach (var rule in Rules)
        {
            if (rule.VisitType == visitType && rule.HospitalLevel == hospitalLevel)
            {
                return rule;
            }
        }
        return null;
    }
}
