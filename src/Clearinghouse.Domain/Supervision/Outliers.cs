namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// outliers (高频 / 高额), over one period's visits: each person against the other people of the same insured region,
/// each hospital against the other hospitals of the same care region, by visit count and by total amount, outpatient
/// visits and inpatient stays apart (a stay costs tens of visits; mixed, every stay would stand out). A
/// subject above its group's <see cref="RobustThreshold"/> is flagged; a group smaller than
/// <see cref="SupervisionThresholds.OutlierMinPeers"/> is not judged. Only subjects with a visit in the period are in
/// a group. Medium severity, high when far above (<see cref="RobustThreshold.IsFarAbove"/>). A person's finding names
/// the person's settlements of the period; a hospital's names none (it may have tens of thousands) and its
/// evidence says which hospital and period. The key names the subject, period and measure, not settlements, so a
/// period evaluated again gives the same keys.
/// </summary>
public static class Outliers
{
    public const string PersonSubject = "person";
    public const string HospitalSubject = "hospital";
    public const string CountMeasure = "visit_count";
    public const string AmountMeasure = "total_fen";

    /// <param name="visits">The period's visits of any number of people (reversed ones are left out).</param>
    /// <param name="period">The period's name, e.g. 2026-11, for the key and the evidence.</param>
    public static IEnumerable<Finding> Evaluate(IEnumerable<SupervisedVisit> visits, string period, SupervisionThresholds thresholds)
    {
        thresholds.Check();
        return Evaluate(visits.Where(v => !v.Reversed).Select(PeriodVisit.Of), period, _ => thresholds);
    }

    /// <summary>
    /// The same comparison over the period's visits as the ledger holds them (no lines, no stay dates: the comparison
    /// reads none), each peer group judged by the thresholds of its region: a person's insured region, a hospital's
    /// care region.
    /// </summary>
    /// <param name="visits">The period's settlements that count (not reversed).</param>
    /// <param name="thresholdsOf">The thresholds of a region code.</param>
    public static IEnumerable<Finding> Evaluate(IEnumerable<PeriodVisit> visits, string period, Func<string, SupervisionThresholds> thresholdsOf)
    {
        var counted = visits.ToList();
        var persons = Subjects(counted, v => v.InsuredRegionCode, v => v.PersonId, PersonSubject);
        var hospitals = Subjects(counted, v => v.CareRegionCode, v => v.HospitalCode, HospitalSubject);
        return persons.Concat(hospitals)
            .GroupBy(s => (s.Kind, s.PeerGroup, s.VisitType))
            .SelectMany(group => Judge([.. group], period, Checked(thresholdsOf(group.Key.PeerGroup))))
            .OrderBy(f => f.Key, StringComparer.Ordinal);
    }

    private static SupervisionThresholds Checked(SupervisionThresholds thresholds)
    {
        thresholds.Check();
        return thresholds;
    }

    private sealed record Subject(
        string Kind, string PeerGroup, VisitType VisitType, string Id, long Count, long AmountFen, IReadOnlyList<string> SettlementIds);

    private static IEnumerable<Subject> Subjects(
        List<PeriodVisit> visits, Func<PeriodVisit, string> peerGroup, Func<PeriodVisit, string> id, string kind) =>
        visits.GroupBy(v => (PeerGroup: peerGroup(v), v.VisitType, Id: id(v))).Select(g => new Subject(
            kind, g.Key.PeerGroup, g.Key.VisitType, g.Key.Id, g.Count(), g.Aggregate(0L, (sum, v) => checked(sum + v.TotalFen)),
            kind == PersonSubject ? [.. g.Select(v => v.SettlementId)] : []));

    private static IEnumerable<Finding> Judge(List<Subject> group, string period, SupervisionThresholds thresholds)
    {
        if (group.Count < thresholds.OutlierMinPeers)
        {
            yield break;
        }
        foreach (var (measure, unit, value) in new (string, EvidenceUnit, Func<Subject, long>)[]
                 {
                     (CountMeasure, EvidenceUnit.Count, s => s.Count),
                     (AmountMeasure, EvidenceUnit.Fen, s => s.AmountFen),
                 })
        {
            var threshold = RobustThreshold.Of([.. group.Select(value)], thresholds.OutlierMadMultipleBp, thresholds.OutlierMinMadBp, thresholds.OutlierMinRatioBp);
            foreach (var subject in group.Where(s => value(s) > threshold.Threshold))
            {
                yield return Flag(subject, period, measure, unit, value(subject), threshold, thresholds, group.Count);
            }
        }
    }

    private static Finding Flag(
        Subject subject, string period, string measure, EvidenceUnit unit, long value, RobustThreshold threshold,
        SupervisionThresholds thresholds, int peers) => new(
        FindingKey.OfSubject(RuleId.Outliers, subject.Kind, subject.Id, period, $"{NameOf(subject.VisitType)}_{measure}"),
        RuleId.Outliers,
        threshold.IsFarAbove(value) ? Severity.High : Severity.Medium,
        [.. subject.SettlementIds.Order(StringComparer.Ordinal)],
        [],
        [
            EvidenceItem.Code("subject_kind", subject.Kind),
            EvidenceItem.Code("subject", subject.Id),
            EvidenceItem.Code("peer_group", subject.PeerGroup),
            EvidenceItem.Code("visit_type", NameOf(subject.VisitType)),
            EvidenceItem.Code("period", period),
            EvidenceItem.Code("measure", measure),
            new EvidenceItem("value", unit, value),
            new EvidenceItem("median", unit, threshold.Median),
            new EvidenceItem("mad", unit, threshold.Mad),
            new EvidenceItem("effective_mad", unit, threshold.EffectiveMad),
            EvidenceItem.BasisPoints("mad_multiple_bp", thresholds.OutlierMadMultipleBp),
            EvidenceItem.BasisPoints("median_multiple_bp", thresholds.OutlierMinRatioBp),
            new EvidenceItem("threshold", unit, threshold.Threshold),
            EvidenceItem.Count("peers", peers),
        ]);

    private static string NameOf(VisitType visitType) => visitType == VisitType.Inpatient ? "inpatient" : "outpatient";
}
