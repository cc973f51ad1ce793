namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// overlapping_stays (挂床住院 / 冒名就医): one person in two places at once over time. Two stays overlap when they
/// share more than a boundary day (a transfer discharges and admits on the same day), or when a same-day stay falls
/// strictly inside the other; an outpatient visit overlaps a stay when it falls strictly between admission and
/// discharge. High severity when the two are in different care regions, medium in the same one.
/// </summary>
public static class OverlappingStays
{
    public static IEnumerable<Finding> Find(IEnumerable<SupervisedVisit> visits, SupervisionThresholds thresholds, RuleScope scope = RuleScope.All)
    {
        foreach (var (earlier, later) in VisitHistory.Pairs(VisitHistory.Counted(visits), scope))
        {
            var found = (earlier.IsStay, later.IsStay) switch
            {
                (true, true) => BothStays(earlier, later),
                (true, false) => VisitInStay(earlier, later),
                (false, true) => VisitInStay(later, earlier),
                _ => null,
            };
            if (found is not null)
            {
                yield return found;
            }
        }
    }

    private static Finding? BothStays(SupervisedVisit a, SupervisedVisit b)
    {
        var (first, second) = a.Admission < b.Admission || (a.Admission == b.Admission && string.CompareOrdinal(a.SettlementId, b.SettlementId) < 0)
            ? (a, b)
            : (b, a);
        var start = second.Admission;
        var end = first.Discharge < second.Discharge ? first.Discharge : second.Discharge;
        var sharesNights = start < end;
        var sameDayStayInside = second.Admission == second.Discharge && first.Admission < second.Admission && second.Admission < first.Discharge;
        if (!sharesNights && !sameDayStayInside)
        {
            return null;
        }
        return Finding.About(
            RuleId.OverlappingStays, "stays", SeverityOf(first, second), [first.SettlementId, second.SettlementId], [],
            EvidenceItem.On("first_admission", first.Admission),
            EvidenceItem.On("first_discharge", first.Discharge),
            EvidenceItem.On("second_admission", second.Admission),
            EvidenceItem.On("second_discharge", second.Discharge),
            EvidenceItem.Days("common_days", end.DayNumber - start.DayNumber + 1),
            EvidenceItem.Code("first_care_region", first.CareRegionCode),
            EvidenceItem.Code("second_care_region", second.CareRegionCode),
            EvidenceItem.Code("first_hospital", first.HospitalCode),
            EvidenceItem.Code("second_hospital", second.HospitalCode));
    }

    private static Finding? VisitInStay(SupervisedVisit stay, SupervisedVisit visit)
    {
        if (!(stay.Admission < visit.ServiceDate && visit.ServiceDate < stay.Discharge))
        {
            return null;
        }
        return Finding.About(
            RuleId.OverlappingStays, "visit_in_stay", SeverityOf(stay, visit), [stay.SettlementId, visit.SettlementId], [],
            EvidenceItem.On("admission", stay.Admission),
            EvidenceItem.On("discharge", stay.Discharge),
            EvidenceItem.On("visit_date", visit.ServiceDate),
            EvidenceItem.Code("stay_care_region", stay.CareRegionCode),
            EvidenceItem.Code("visit_care_region", visit.CareRegionCode),
            EvidenceItem.Code("stay_hospital", stay.HospitalCode),
            EvidenceItem.Code("visit_hospital", visit.HospitalCode));
    }

    private static Severity SeverityOf(SupervisedVisit a, SupervisedVisit b) =>
        a.CareRegionCode == b.CareRegionCode ? Severity.Medium : Severity.High;
}
