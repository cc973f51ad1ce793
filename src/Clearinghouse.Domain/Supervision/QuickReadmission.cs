namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// quick_readmission (分解住院): a stay whose admission comes at most <see cref="SupervisionThresholds.ReadmissionWindowDays"/>
/// days after another stay's discharge (0 = readmitted on the discharge day), both with a main diagnosis of the same
/// ICD-10 category (<see cref="DiagnosisCategory"/>). Every such pair is a finding, not only the nearest one, so that
/// a late-arriving stay never changes a finding already made. Overlapping stays are overlapping_stays' business.
/// High severity when both stays are at the same hospital (the split a hospital makes), medium otherwise.
/// </summary>
public static class QuickReadmission
{
    public static IEnumerable<Finding> Find(IEnumerable<SupervisedVisit> visits, SupervisionThresholds thresholds, RuleScope scope = RuleScope.All)
    {
        foreach (var (earlier, later) in VisitHistory.Pairs(VisitHistory.Counted(visits), scope))
        {
            if (!earlier.IsStay || !later.IsStay)
            {
                continue;
            }
            var category = DiagnosisCategory.Of(earlier.MainDiagnosis);
            if (category is null || category != DiagnosisCategory.Of(later.MainDiagnosis))
            {
                continue;
            }
            var (first, second) = FirstDischarged(earlier, later);
            var gapDays = second.Admission.DayNumber - first.Discharge.DayNumber;
            if (gapDays < 0 || gapDays > thresholds.ReadmissionWindowDays)
            {
                continue;
            }
            yield return Finding.About(
                RuleId.QuickReadmission, "", first.HospitalCode == second.HospitalCode ? Severity.High : Severity.Medium,
                [first.SettlementId, second.SettlementId], [],
                EvidenceItem.On("discharge", first.Discharge),
                EvidenceItem.On("readmission", second.Admission),
                EvidenceItem.Days("gap_days", gapDays),
                EvidenceItem.Days("window_days", thresholds.ReadmissionWindowDays),
                EvidenceItem.Code("category", category),
                EvidenceItem.Code("first_diagnosis", first.MainDiagnosis!),
                EvidenceItem.Code("second_diagnosis", second.MainDiagnosis!),
                EvidenceItem.Code("first_hospital", first.HospitalCode),
                EvidenceItem.Code("second_hospital", second.HospitalCode));
        }
    }

    /// <summary>The stay discharged first (then admitted first, then by id), whatever order the two arrived in.</summary>
    private static (SupervisedVisit First, SupervisedVisit Second) FirstDischarged(SupervisedVisit a, SupervisedVisit b)
    {
        var order = a.Discharge.CompareTo(b.Discharge);
        order = order != 0 ? order : a.Admission.CompareTo(b.Admission);
        order = order != 0 ? order : string.CompareOrdinal(a.SettlementId, b.SettlementId);
        return order < 0 ? (a, b) : (b, a);
    }
}
