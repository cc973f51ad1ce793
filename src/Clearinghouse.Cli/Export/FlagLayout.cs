using Clearinghouse.Cli.Output;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Export;

/// <summary>The flags CSV: one row per flag, settlement ids space-separated.</summary>
public static class FlagLayout
{
    public static readonly string[] Header =
    [
        "flag_id", "rule_id", "severity", "status", "period", "insured_region_code", "care_region_code", "hospital_code", "person_id",
        "settlement_ids", "flagged_at", "reversal_requested", "finding_key",
    ];

    public static string[] Row(Flag f) =>
    [
        f.FlagId, f.RuleId, FlagViews.Severity(f.Severity), FlagViews.Status(f.Status), f.Period, f.InsuredRegionCode, f.CareRegionCode,
        f.HospitalCode, f.PersonId, string.Join(" ", f.SettlementIds), f.FlaggedAt, f.ReversalRequested ? "true" : "false", f.FindingKey,
    ];
}
