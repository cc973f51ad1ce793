using System.Collections.Immutable;

namespace Clearinghouse.Domain.Policies;

/// <summary>The insured region's rules for one scheme (docs/domain.md).</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.scheme_policy.v1")]
public sealed record SchemePolicy(
    [property: Id(0)] Scheme Scheme,
    [property: Id(1)] int CategoryBCopayBp,
    [property: Id(2)] int RetiredBonusBp,
    [property: Id(3)] int UnregisteredReductionBp,
    [property: Id(4)] long AnnualCapFen,
    [property: Id(5)] int EmployerToAccountBp,
    [property: Id(6)] ImmutableArray<BenefitRule> Rules)
{
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
