namespace Clearinghouse.Domain.Policies;

/// <summary>Deductible and base reimbursement ratio for one visit type at one hospital level.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.benefit_rule.v1")]
public sealed record BenefitRule(
    [property: Id(0)] VisitType VisitType,
    [property: Id(1)] int HospitalLevel,
    [property: Id(2)] long DeductibleFen,
    [property: Id(3)] int RatioBp);
