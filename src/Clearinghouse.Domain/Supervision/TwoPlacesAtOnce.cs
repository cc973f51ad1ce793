namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// two_places_at_once (冒名就医): two outpatient visits of one person on the same service date in different care
/// regions. Stays are left to overlapping_stays: a stay's service date is its discharge date, a travel day. Variants
/// that weigh the distance between two hospitals need geography the clearinghouse does not hold; this rule knows
/// only that the regions differ. Medium severity: neighbouring regions can be visited on one day.
/// </summary>
public static class TwoPlacesAtOnce
{
    public static IEnumerable<Finding> Find(IEnumerable<SupervisedVisit> visits, SupervisionThresholds thresholds, RuleScope scope = RuleScope.All)
    {
        foreach (var (earlier, later) in VisitHistory.Pairs(VisitHistory.Counted(visits), scope))
        {
            if (earlier.IsStay || later.IsStay || earlier.ServiceDate != later.ServiceDate || earlier.CareRegionCode == later.CareRegionCode)
            {
                continue;
            }
            var (first, second) = string.CompareOrdinal(earlier.CareRegionCode, later.CareRegionCode) < 0 ? (earlier, later) : (later, earlier);
            yield return Finding.About(
                RuleId.TwoPlacesAtOnce, "", Severity.Medium, [first.SettlementId, second.SettlementId], [],
                EvidenceItem.On("service_date", first.ServiceDate),
                EvidenceItem.Code("first_care_region", first.CareRegionCode),
                EvidenceItem.Code("second_care_region", second.CareRegionCode),
                EvidenceItem.Code("first_hospital", first.HospitalCode),
                EvidenceItem.Code("second_hospital", second.HospitalCode));
        }
    }
}
