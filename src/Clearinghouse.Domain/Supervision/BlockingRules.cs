using System.Collections.Immutable;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// Supervision inside <c>Settle</c> (事中): the rules an insured region marked blocking run on the would-be visit
/// against the person's recent visits, and a finding refuses the settlement before anything is written.
/// </summary>
public static class BlockingRules
{
    /// <summary>
    /// How many days before the would-be visit's first day (its admission, or its service date) an earlier visit's
    /// service date can lie and still take part in a finding of these rules: every pair a rule flags has the earlier
    /// visit's service date (a stay's discharge) no earlier than that. overlapping_stays, two_places_at_once and
    /// charged_twice need visits from that day on; quick_readmission the readmission window more;
    /// split_prescriptions its window.
    /// </summary>
    public static int LookbackDays(ImmutableArray<string> rules, SupervisionThresholds thresholds)
    {
        var days = 0;
        foreach (var rule in rules)
        {
            days = Math.Max(days, rule switch
            {
                RuleId.QuickReadmission => thresholds.ReadmissionWindowDays,
                RuleId.SplitPrescriptions => thresholds.SplitWindowDays,
                _ => 0,
            });
        }
        return days;
    }

    /// <summary>Whether the rules read any other visit at all: over_regulated_price judges the visit alone.</summary>
    public static bool NeedHistory(ImmutableArray<string> rules) => rules.Any(r => r != RuleId.OverRegulatedPrice);

    /// <summary>The earliest service date of an earlier visit the rules may pair with <paramref name="visit"/>.</summary>
    public static DateOnly EarliestServiceDate(SupervisedVisit visit, ImmutableArray<string> rules, SupervisionThresholds thresholds) =>
        (visit.AdmissionDate ?? visit.ServiceDate).AddDays(-LookbackDays(rules, thresholds));

    /// <summary>
    /// The refusal for the findings the would-be visit completes (null when there are none): the first rule's id
    /// leads the message, and each finding names the settlements it pairs the visit with (the visit itself has no
    /// id the caller knows) and its codes.
    /// </summary>
    public static RejectedException? Refusal(ImmutableArray<Finding> findings, string wouldBeSettlementId)
    {
        if (findings.IsEmpty)
        {
            return null;
        }
        var parts = findings.Select(f =>
        {
            var variant = f.Key.Split('|')[1];
            var others = f.SettlementIds.Where(id => id != wouldBeSettlementId).ToList();
            var with = others.Count == 0 ? "on this visit alone" : $"with settlement{(others.Count == 1 ? "" : "s")} {string.Join(", ", others)}";
            var codes = f.LineCodes.IsEmpty ? "" : $", item{(f.LineCodes.Length == 1 ? "" : "s")} {string.Join(", ", f.LineCodes)}";
            return $"{f.RuleId}: {(variant.Length == 0 ? "" : variant + ", ")}{f.Severity.ToString().ToLowerInvariant()}, {with}{codes}";
        });
        return RejectedException.FailedPrecondition($"settlement refused by supervision rule {string.Join("; rule ", parts)}");
    }
}
