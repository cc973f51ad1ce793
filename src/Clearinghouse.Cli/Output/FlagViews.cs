using System.Globalization;
using Clearinghouse.V1;

namespace Clearinghouse.Cli.Output;

/// <summary>Supervision's wire messages → blocks: flag lists, one flag with its evidence, the per-hospital report.</summary>
public static class FlagViews
{
    public static Block Flags(string title, IEnumerable<Flag> flags) =>
        new TableBlock("flags", title,
        [
            new("flag_id", "Flag"), new("rule", "Rule"), new("severity", "Severity"), new("status", "Status"), new("period", "Period"),
            new("insured_region", "Insured"), new("care_region", "Care"), new("hospital", "Hospital"), new("person", "Person"),
            new("settlements", "Settlements"), new("reversal_requested", "Reversal"),
        ],
        [.. flags.Select(f => (IReadOnlyList<string>)
        [
            f.FlagId, f.RuleId, Severity(f.Severity), Status(f.Status), f.Period, f.InsuredRegionCode, f.CareRegionCode, f.HospitalCode,
            f.PersonId, string.Join(" ", f.SettlementIds), f.ReversalRequested ? "requested" : "",
        ])]);

    public static IEnumerable<Block> Fields(Flag f)
    {
        yield return new FieldsBlock("flag", $"Flag {f.FlagId}",
        [
            new("flag_id", "Flag", f.FlagId),
            new("rule", "Rule", f.RuleId),
            new("severity", "Severity", Severity(f.Severity)),
            new("status", "Status", Status(f.Status)),
            new("finding_key", "Finding", f.FindingKey),
            new("insured_region", "Insured region", f.InsuredRegionCode),
            new("care_regions", "Care regions", string.Join(" ", f.CareRegionCodes)),
            new("hospital", "Hospital", f.HospitalCode),
            new("person", "Person", f.PersonId),
            new("period", "Period", f.Period),
            new("settlements", "Settlements", string.Join(" ", f.SettlementIds)),
            new("line_codes", "Item codes", string.Join(" ", f.LineCodes)),
            new("flagged_at", "Flagged at", f.FlaggedAt),
            new("officer", "Officer", f.Officer),
            new("resolved_at", "Resolved at", f.ResolvedAt),
            new("note", "Note", f.Note),
            new("reversal_requested", "Reversal requested", f.ReversalRequested ? "yes" : "no"),
        ]);
    }

    public static IEnumerable<Block> Detail(FlagDetail detail)
    {
        foreach (var block in Fields(detail.Flag))
        {
            yield return block;
        }
        yield return new TableBlock("evidence", "Evidence", [new("name", "Name"), new("value", "Value"), new("unit", "Unit")],
            [.. detail.Flag.Evidence.Select(e => (IReadOnlyList<string>)[e.Name, Value(e), e.Unit])]);
        yield return new TableBlock("settlements", "Settlements (amounts in yuan)",
            [new("settlement_id", "Settlement"), new("service_date", "Service date"), new("hospital", "Hospital"), new("visit", "Stay"),
             new("diagnosis", "Diagnosis"), new("total_yuan", "Total", AlignRight: true), new("lines", "Lines")],
            [.. detail.Settlements.Select(s => (IReadOnlyList<string>)
            [
                s.SettlementId, s.ServiceDate, s.HospitalCode,
                s.Visit is { AdmissionDate.Length: > 0 } v ? $"{v.AdmissionDate}..{v.DischargeDate}" : "",
                s.Visit?.DiagnosisCode ?? "", Money.Yuan(s.TotalFen),
                string.Join("; ", s.Items.Select(i => $"{i.Code}×{i.Quantity.ToString(CultureInfo.InvariantCulture)}@{Money.Yuan(i.UnitPriceFen)}")),
            ])]);
    }

    /// <summary>Per hospital and rule: flags open, confirmed, false positive and in all.</summary>
    public static Block Report(string title, IEnumerable<Flag> flags) =>
        new TableBlock("flag_report", title,
        [
            new("hospital", "Hospital"), new("rule", "Rule"), new("open", "Open", AlignRight: true), new("confirmed", "Confirmed", AlignRight: true),
            new("false_positive", "False positive", AlignRight: true), new("total", "Total", AlignRight: true),
        ],
        [.. flags.GroupBy(f => (f.HospitalCode, f.RuleId)).OrderBy(g => g.Key.HospitalCode, StringComparer.Ordinal).ThenBy(g => g.Key.RuleId, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<string>)
            [
                g.Key.HospitalCode, g.Key.RuleId, Views.Count(g.Count(f => f.Status == FlagStatus.Open)), Views.Count(g.Count(f => f.Status == FlagStatus.Confirmed)),
                Views.Count(g.Count(f => f.Status == FlagStatus.FalsePositive)), Views.Count(g.Count()),
            ])]);

    public static string Status(FlagStatus status) => status switch
    {
        FlagStatus.Open => "open",
        FlagStatus.Confirmed => "confirmed",
        FlagStatus.FalsePositive => "false positive",
        _ => status.ToString(),
    };

    public static string Severity(FlagSeverity severity) => severity switch
    {
        FlagSeverity.Low => "low",
        FlagSeverity.Medium => "medium",
        FlagSeverity.High => "high",
        _ => severity.ToString(),
    };

    private static string Value(Evidence e) => e.Unit switch
    {
        "date" => e.Date,
        "code" => e.Text,
        "fen" => Money.Yuan(e.Number) + " yuan",
        _ => e.Number.ToString(CultureInfo.InvariantCulture),
    };
}
