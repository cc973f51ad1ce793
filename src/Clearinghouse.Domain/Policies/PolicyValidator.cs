namespace Clearinghouse.Domain.Policies;

/// <summary>Checks a policy before it is published; a policy that is published is never changed.</summary>
public static class PolicyValidator
{
    public static void Validate(Policy policy)
    {
        if (policy.Schemes.IsDefaultOrEmpty)
        {
            throw RejectedException.InvalidArgument("policy must define at least one scheme");
        }
        var seenSchemes = new HashSet<Scheme>();
        foreach (var scheme in policy.Schemes)
        {
            if (!Enum.IsDefined(scheme.Scheme))
            {
                throw RejectedException.InvalidArgument("policy.schemes[].scheme must be EMPLOYEE or RESIDENT");
            }
            if (!seenSchemes.Add(scheme.Scheme))
            {
                throw RejectedException.InvalidArgument($"policy defines scheme {scheme.Scheme} more than once");
            }
            ValidateScheme(scheme);
        }
    }

    private static void ValidateScheme(SchemePolicy scheme)
    {
        var name = scheme.Scheme.ToString();
        RequireBp(scheme.CategoryBCopayBp, $"{name}.category_b_copay_bp");
        RequireBp(scheme.RetiredBonusBp, $"{name}.retired_bonus_bp");
        RequireBp(scheme.UnregisteredReductionBp, $"{name}.unregistered_reduction_bp");
        RequireBp(scheme.EmployerToAccountBp, $"{name}.employer_to_account_bp");
        if (scheme.AnnualCapFen is < 0 or > Limits.MaxAmountFen)
        {
            throw RejectedException.InvalidArgument($"{name}.annual_cap_fen must be within 0..{Limits.MaxAmountFen}");
        }
        if (scheme.Scheme == Scheme.Resident && scheme.EmployerToAccountBp != 0)
        {
            throw RejectedException.InvalidArgument($"{name}.employer_to_account_bp must be 0: the resident scheme has no personal account");
        }
        if (scheme.Rules.IsDefaultOrEmpty)
        {
            throw RejectedException.InvalidArgument($"{name}.rules must not be empty");
        }
        var seenRules = new HashSet<(VisitType, int)>();
        foreach (var rule in scheme.Rules)
        {
            if (!Enum.IsDefined(rule.VisitType))
            {
                throw RejectedException.InvalidArgument($"{name}.rules[].visit_type must be OUTPATIENT or INPATIENT");
            }
            if (rule.HospitalLevel is < Limits.MinHospitalLevel or > Limits.MaxHospitalLevel)
            {
                throw RejectedException.InvalidArgument($"{name}.rules[].hospital_level must be within 1..3");
            }
            if (rule.DeductibleFen is < 0 or > Limits.MaxAmountFen)
            {
                throw RejectedException.InvalidArgument($"{name}.rules[].deductible_fen must be within 0..{Limits.MaxAmountFen}");
            }
            RequireBp(rule.RatioBp, $"{name}.rules[].ratio_bp");
            if (!seenRules.Add((rule.VisitType, rule.HospitalLevel)))
            {
                throw RejectedException.InvalidArgument(
                    $"{name}.rules has more than one rule for {rule.VisitType} at hospital level {rule.HospitalLevel}");
            }
        }
    }

    private static void RequireBp(int bp, string field)
    {
        if (bp is < 0 or > Money.BasisPoints.Whole)
        {
            throw RejectedException.InvalidArgument($"{field} must be within 0..10000 basis points, got {bp}");
        }
    }
}
