using Clearinghouse.Domain.Money;
using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Domain.Policies;

/// <summary>
/// Checks a policy's supervision section before it is published, field by field with the wire's names, so that
/// <see cref="SupervisionThresholds.Check"/> never fails on a published policy.
/// </summary>
public static class SupervisionSettingsValidator
{
    private const string Field = "policy.supervision";

    public static void Validate(SupervisionSettings settings)
    {
        var t = settings.Thresholds;
        RequireWithin(t.ReadmissionWindowDays, 0, SupervisionThresholds.MaxWindowDays, "readmission_window_days");
        RequireWithin(t.SplitWindowDays, 1, SupervisionThresholds.MaxWindowDays, "split_window_days");
        RequireWithin(t.DefaultQuantityLimit, 1, Limits.MaxQuantity, "default_quantity_limit");
        foreach (var (code, limit) in t.QuantityLimitsByCode)
        {
            RequireCode(code, "quantity_limits_by_code");
            RequireWithin(limit, 1, Limits.MaxQuantity, $"quantity_limits_by_code[{code}]");
        }
        foreach (var code in t.OnceOnlyCodes)
        {
            RequireCode(code, "once_only_codes");
        }
        RequireWithin(t.OverPriceHighBp, 0, 100 * BasisPoints.Whole, "over_price_high_bp");
        RequireWithin(t.OverPriceMediumBp, 0, t.OverPriceHighBp, "over_price_medium_bp");
        RequireWithin(t.OutlierMadMultipleBp, 0, 100 * BasisPoints.Whole, "outlier_mad_multiple_bp");
        RequireWithin(t.OutlierMinMadBp, 0, BasisPoints.Whole, "outlier_min_mad_bp");
        RequireWithin(t.OutlierMinRatioBp, 0, 100 * BasisPoints.Whole, "outlier_min_ratio_bp");
        RequireWithin(t.OutlierMinPeers, 3, 1_000_000, "outlier_min_peers");
        ValidateBlockingRules(settings);
    }

    /// <summary>
    /// A blocking rule must be a person rule, named once: outliers compare a whole period's people and hospitals,
    /// so there is no single settlement they could refuse when it arrives.
    /// </summary>
    private static void ValidateBlockingRules(SupervisionSettings settings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in settings.BlockingRules)
        {
            if (rule == RuleId.Outliers)
            {
                throw RejectedException.InvalidArgument(
                    $"{Field}.blocking_rules: {RuleId.Outliers} cannot block: it judges a whole period, not one settlement");
            }
            if (!RuleId.PersonRules.Contains(rule))
            {
                throw RejectedException.InvalidArgument(
                    $"{Field}.blocking_rules: unknown rule '{rule}'; the rules are {string.Join(", ", RuleId.PersonRules)}");
            }
            if (!seen.Add(rule))
            {
                throw RejectedException.InvalidArgument($"{Field}.blocking_rules names {rule} more than once");
            }
        }
    }

    private static void RequireCode(string code, string field)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > Limits.MaxCodeLength)
        {
            throw RejectedException.InvalidArgument($"{Field}.{field}: an item code is 1..{Limits.MaxCodeLength} characters, got '{code}'");
        }
    }

    private static void RequireWithin(int value, int min, int max, string field)
    {
        if (value < min || value > max)
        {
            throw RejectedException.InvalidArgument($"{Field}.{field} must be within {min}..{max}, got {value}");
        }
    }
}
