using Clearinghouse.V1;

namespace Clearinghouse.Cli.Output;

/// <summary>A published policy version: its schemes and its supervision section (thresholds and blocking rules).</summary>
public static class PolicyViews
{
    public static IEnumerable<Block> Version(PolicyVersion v)
    {
        yield return new FieldsBlock("policy_version", $"Policy version {v.Version} of region {v.RegionCode}",
        [
            new("region", "Insured region", v.RegionCode),
            new("version", "Version", Views.Count(v.Version)),
            new("effective_from", "Effective from", v.EffectiveFrom),
            new("schemes", "Schemes", string.Join(", ", v.Policy.Schemes.Select(s => s.Scheme.ToString().ToUpperInvariant()))),
            new("blocking_rules", "Blocking supervision rules",
                v.Policy.Supervision is { BlockingRules.Count: > 0 } blocking ? string.Join(", ", blocking.BlockingRules) : "none"),
        ]);
        if (v.Policy.Supervision is not { } s)
        {
            yield break;
        }
        yield return new FieldsBlock("supervision_thresholds", "Supervision thresholds",
        [
            new("readmission_window_days", "Readmission window (days)", Views.Count(s.ReadmissionWindowDays)),
            new("split_window_days", "Split-prescription window (days)", Views.Count(s.SplitWindowDays)),
            new("default_quantity_limit", "Quantity limit per window", Views.Count(s.DefaultQuantityLimit)),
            new("quantity_limits_by_code", "Quantity limits by code",
                string.Join(", ", s.QuantityLimitsByCode.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))),
            new("once_only_codes", "Once-only codes", string.Join(", ", s.OnceOnlyCodes)),
            new("over_price_medium_bp", "Over price, medium (bp)", Views.Count(s.OverPriceMediumBp)),
            new("over_price_high_bp", "Over price, high (bp)", Views.Count(s.OverPriceHighBp)),
            new("outlier_mad_multiple_bp", "Outliers: MAD multiple (bp)", Views.Count(s.OutlierMadMultipleBp)),
            new("outlier_min_mad_bp", "Outliers: least MAD share (bp)", Views.Count(s.OutlierMinMadBp)),
            new("outlier_min_ratio_bp", "Outliers: median multiple (bp)", Views.Count(s.OutlierMinRatioBp)),
            new("outlier_min_peers", "Outliers: least peers", Views.Count(s.OutlierMinPeers)),
        ]);
    }
}
