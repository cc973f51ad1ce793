namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// charged_twice (重复收费), two variants. <c>resent</c>: two settlements of one person at one hospital (of one care region), of one visit
/// type on one service date, with identical non-empty lines (as a multiset of code, quantity, unit price and amount):
/// the same visit sent again under a new request id; high severity. <c>once_only</c>: an item code listed in
/// <see cref="SupervisionThresholds.OnceOnlyCodes"/> with a quantity above 1 in one settlement (one stay, or one
/// visit), or in two settlements of one service date; medium severity. A resent pair is reported as resent only.
/// </summary>
public static class ChargedTwice
{
    public static IEnumerable<Finding> Find(IEnumerable<SupervisedVisit> visits, SupervisionThresholds thresholds, RuleScope scope = RuleScope.All)
    {
        var counted = VisitHistory.Counted(visits);
        foreach (var visit in VisitHistory.Within(counted, scope))
        {
            foreach (var code in OnceOnlyCodesIn(visit, thresholds).Where(c => visit.QuantityOf(c) > 1))
            {
                yield return OnceOnly(code, visit);
            }
        }
        foreach (var (earlier, later) in VisitHistory.Pairs(counted, scope))
        {
            if (earlier.ServiceDate != later.ServiceDate)
            {
                continue;
            }
            if (IsResent(earlier, later))
            {
                yield return Resent(earlier, later);
                continue;
            }
            foreach (var code in OnceOnlyCodesIn(earlier, thresholds).Intersect(OnceOnlyCodesIn(later, thresholds), StringComparer.Ordinal))
            {
                yield return OnceOnly(code, earlier, later);
            }
        }
    }

    private static IEnumerable<string> OnceOnlyCodesIn(SupervisedVisit visit, SupervisionThresholds thresholds) =>
        visit.Lines.Select(l => l.Code).Where(thresholds.OnceOnlyCodes.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static bool IsResent(SupervisedVisit a, SupervisedVisit b) =>
        a.HospitalCode == b.HospitalCode
        && a.CareRegionCode == b.CareRegionCode
        && a.VisitType == b.VisitType
        && a.AdmissionDate == b.AdmissionDate
        && !a.Lines.IsEmpty
        && a.Lines.Length == b.Lines.Length
        && Multiset(a).SequenceEqual(Multiset(b));

    private static IEnumerable<(string, int, long, long)> Multiset(SupervisedVisit visit) =>
        visit.Lines.Select(l => (l.Code, l.Quantity, l.UnitPriceFen, l.AmountFen)).Order();

    private static Finding Resent(SupervisedVisit a, SupervisedVisit b) => Finding.About(
        RuleId.ChargedTwice, "resent", Severity.High, [a.SettlementId, b.SettlementId], [],
        EvidenceItem.On("service_date", a.ServiceDate),
        EvidenceItem.Code("hospital", a.HospitalCode),
        EvidenceItem.Count("lines", a.Lines.Length),
        EvidenceItem.Fen("first_total", a.TotalFen),
        EvidenceItem.Fen("second_total", b.TotalFen));

    private static Finding OnceOnly(string code, params SupervisedVisit[] visits) => Finding.About(
        RuleId.ChargedTwice, "once_only", Severity.Medium, visits.Select(v => v.SettlementId), [code],
        EvidenceItem.Code("code", code),
        EvidenceItem.On("service_date", visits[0].ServiceDate),
        EvidenceItem.Quantity("quantity", visits.Sum(v => v.QuantityOf(code))),
        EvidenceItem.Count("settlements", visits.Length));
}
