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
        if (policy.Supervision is { } supervision)
        {
            SupervisionSettingsValidator.Validate(supervision);
        }
    }

    /// <summary>
    /// Where a new version may take effect, given the region's latest version (null for none) and the
    /// business clock's now. What was in force on a past date must stay what it was, so a version may not
    /// start in the past, nor before the latest one; a region's first version is exempt from the first
    /// rule, since a region that joins brings the policy it already has. Both refusals are FAILED_PRECONDITION:
    /// the same date is fine for a region with no version yet.
    /// </summary>
    public static void ValidateEffectiveFrom(DateOnly effectiveFrom, PolicyVersion? latest, DateTimeOffset now) =>
        VersionDates.Validate(
            effectiveFrom, latest is null ? null : (latest.Version, latest.EffectiveFrom), now, "a region's first policy version", "version");

    private static void ValidateScheme(SchemePolicy scheme)
    {
        var name = scheme.Scheme.ToString();
        RequireBp(scheme.CategoryBCopayBp, $"{name}.category_b_copay_bp");
        RequireBp(scheme.RetiredBonusBp, $"{name}.retired_bonus_bp");
        RequireBp(scheme.UnregisteredReductionBp, $"{name}.unregistered_reduction_bp");
        RequireBp(scheme.EmployerToAccountBp, $"{name}.employer_to_account_bp");
        RequireBp(scheme.SeriousIllnessShareBp, $"{name}.serious_illness_share_bp");
        RequireAmount(scheme.AnnualCapFen, $"{name}.annual_cap_fen");
        if (scheme.SeriousIllness is { } seriousIllness)
        {
            ValidateSeriousIllness(seriousIllness, $"{name}.serious_illness");
        }
        if (scheme.Assistance is { } assistance)
        {
            RequireBp(assistance.MinimumLivingRatioBp, $"{name}.assistance.minimum_living_ratio_bp");
            RequireBp(assistance.ExtremePovertyRatioBp, $"{name}.assistance.extreme_poverty_ratio_bp");
            RequireBp(assistance.LowIncomeRatioBp, $"{name}.assistance.low_income_ratio_bp");
            RequireAmount(assistance.AnnualCapFen, $"{name}.assistance.annual_cap_fen");
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

    /// <summary>
    /// The bands must cover everything above the threshold exactly once: bounds strictly increasing from above
    /// the threshold, and only the last band without a bound.
    /// </summary>
    private static void ValidateSeriousIllness(SeriousIllnessTier tier, string field)
    {
        RequireAmount(tier.ThresholdFen, $"{field}.threshold_fen");
        RequireAmount(tier.AnnualCapFen, $"{field}.annual_cap_fen");
        if (tier.Bands.IsDefaultOrEmpty || tier.Bands.Length > Limits.MaxTierBands)
        {
            throw RejectedException.InvalidArgument($"{field}.bands must hold 1..{Limits.MaxTierBands} bands");
        }
        var below = tier.ThresholdFen;
        var belowName = "threshold_fen";
        for (var i = 0; i < tier.Bands.Length; i++)
        {
            var band = tier.Bands[i];
            RequireBp(band.RatioBp, $"{field}.bands[{i}].ratio_bp");
            var last = i == tier.Bands.Length - 1;
            if (last != (band.UpToFen is null))
            {
                throw RejectedException.InvalidArgument(last
                    ? $"{field}.bands[{i}].up_to_fen must be absent: the last band has no upper bound"
                    : $"{field}.bands[{i}].up_to_fen is required: only the last band has no upper bound");
            }
            if (band.UpToFen is { } upTo)
            {
                RequireAmount(upTo, $"{field}.bands[{i}].up_to_fen");
                if (upTo <= below)
                {
                    throw RejectedException.InvalidArgument(
                        $"{field}.bands[{i}].up_to_fen {upTo} must be greater than {belowName} {below}: bands increase");
                }
                below = upTo;
                belowName = $"bands[{i}].up_to_fen";
            }
        }
    }

    private static void RequireAmount(long fen, string field)
    {
        if (fen is < 0 or > Limits.MaxAmountFen)
        {
            throw RejectedException.InvalidArgument($"{field} must be within 0..{Limits.MaxAmountFen}, got {fen}");
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
