using System.Collections.Immutable;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// The entry points of the person rules. <see cref="OnVisit"/> is what a stream processor calls as each visit
/// arrives: the findings that the new visit completes, and no others, so that each finding is raised once, by the
/// last of its visits to arrive. <see cref="Evaluate"/> runs the same rules over a whole set of visits at once;
/// calling <see cref="OnVisit"/> for every visit in any order finds exactly the same findings (each once).
/// Period-level outliers are <see cref="Outliers.Evaluate"/>.
/// </summary>
public static class Supervisor
{
    private static readonly ImmutableArray<(string RuleId, Func<IEnumerable<SupervisedVisit>, SupervisionThresholds, RuleScope, IEnumerable<Finding>> Find)> Rules =
    [
        (RuleId.OverlappingStays, OverlappingStays.Find),
        (RuleId.QuickReadmission, QuickReadmission.Find),
        (RuleId.TwoPlacesAtOnce, TwoPlacesAtOnce.Find),
        (RuleId.SplitPrescriptions, SplitPrescriptions.Find),
        (RuleId.OverRegulatedPrice, OverRegulatedPrice.Find),
        (RuleId.ChargedTwice, ChargedTwice.Find),
    ];

    /// <summary>
    /// The findings a newly arrived visit completes, sorted by key. <paramref name="history"/> is the person's other
    /// visits within the longest window the caller keeps. Not read of it: visits dated before the first day the rules
    /// can pair with <paramref name="visit"/> (<see cref="BlockingRules.EarliestServiceDate"/>), visits that arrived
    /// after it (accepted-at, then settlement id), and <paramref name="visit"/> itself if present; so a processor that
    /// replays a visit gets the findings it made the first time and nothing new. A reversed visit completes nothing.
    /// </summary>
    public static ImmutableArray<Finding> OnVisit(SupervisedVisit visit, IEnumerable<SupervisedVisit> history, SupervisionThresholds thresholds) =>
        OnVisit(visit, history, thresholds, RuleId.PersonRules);

    /// <summary>
    /// <see cref="OnVisit(SupervisedVisit, IEnumerable{SupervisedVisit}, SupervisionThresholds)"/> with only some of
    /// the person rules (a region's blocking rules); the others do not run.
    /// </summary>
    public static ImmutableArray<Finding> OnVisit(
        SupervisedVisit visit, IEnumerable<SupervisedVisit> history, SupervisionThresholds thresholds, ImmutableArray<string> rules)
    {
        thresholds.Check();
        if (visit.Reversed)
        {
            return [];
        }
        // Only the visits the rules can pair the new one with (BlockingRules.LookbackDays): a person's history of years
        // costs each new visit what its last weeks cost, not what all of it would.
        var earliest = BlockingRules.EarliestServiceDate(visit, rules, thresholds);
        var earlier = history
            .Where(h => h.ServiceDate >= earliest && h.SettlementId != visit.SettlementId && ArrivalOrder.Instance.Compare(h, visit) < 0)
            .Append(visit)
            .ToList();
        return Run(earlier, thresholds, visit.SettlementId, rules);
    }

    /// <summary>Every finding of the person rules over a set of visits of any number of people, sorted by key.</summary>
    public static ImmutableArray<Finding> Evaluate(IEnumerable<SupervisedVisit> visits, SupervisionThresholds thresholds)
    {
        thresholds.Check();
        return [.. visits.GroupBy(v => v.PersonId, StringComparer.Ordinal)
            .SelectMany(person => Run([.. person], thresholds, involving: null, RuleId.PersonRules))
            .OrderBy(f => f.Key, StringComparer.Ordinal)];
    }

    private static ImmutableArray<Finding> Run(
        List<SupervisedVisit> visits, SupervisionThresholds thresholds, string? involving, ImmutableArray<string> ruleIds)
    {
        var counted = VisitHistory.Counted(visits);
        var findings = Rules
            .Where(rule => ruleIds.Contains(rule.RuleId))
            // A visit that just arrived is the last of its history (OnVisit): only its findings are looked for.
            .SelectMany(rule => rule.Find(counted, thresholds, involving is null ? RuleScope.All : RuleScope.LastArrival))
            .Where(f => involving is null || f.Involves(involving))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToImmutableArray();
        for (var i = 1; i < findings.Length; i++)
        {
            Invariant.Require(findings[i - 1].Key != findings[i].Key, "each finding has its own key");
        }
        return findings;
    }
}
