namespace Clearinghouse.Domain.Settlements;

/// <summary>
/// The visit detail's rules (docs/domain.md, "The visit detail"): an inpatient stay needs its admission and
/// discharge dates (discharge not before admission) and a main diagnosis, and its service date is the discharge
/// date; an outpatient visit has no dates and an optional diagnosis. Each refusal is INVALID_ARGUMENT naming the
/// field. That the discharge date is not in the future is checked where the clock is (the person grain).
/// </summary>
public static class VisitDetails
{
    /// <summary>
    /// The service date the visit settles on and its detail (null for an outpatient visit without a diagnosis),
    /// from the request's fields as parsed (null where a field was empty).
    /// </summary>
    public static (DateOnly ServiceDate, VisitDetail? Visit) Resolve(
        VisitType visitType, DateOnly? serviceDate, DateOnly? admissionDate, DateOnly? dischargeDate, string? diagnosisCode)
    {
        if (diagnosisCode is not null && !Icd10.IsValid(diagnosisCode))
        {
            throw RejectedException.InvalidArgument(
                $"visit.diagnosis_code must be an ICD-10 code such as J18.9 or K35.800 ({Icd10.Form}), got '{Truncated(diagnosisCode)}'");
        }
        if (visitType != VisitType.Inpatient)
        {
            if (admissionDate is not null || dischargeDate is not null)
            {
                var field = admissionDate is not null ? "visit.admission_date" : "visit.discharge_date";
                throw RejectedException.InvalidArgument($"{field} must be empty for an outpatient visit");
            }
            var date = serviceDate ?? throw RejectedException.InvalidArgument("service_date is required for an outpatient visit");
            return (date, diagnosisCode is null ? null : new VisitDetail(null, null, diagnosisCode));
        }
        var admission = admissionDate ?? throw RejectedException.InvalidArgument("visit.admission_date is required for an inpatient visit");
        var discharge = dischargeDate ?? throw RejectedException.InvalidArgument("visit.discharge_date is required for an inpatient visit");
        if (discharge < admission)
        {
            throw RejectedException.InvalidArgument(
                $"visit.discharge_date {CivilDate.Format(discharge)} is before visit.admission_date {CivilDate.Format(admission)}");
        }
        if (diagnosisCode is null)
        {
            throw RejectedException.InvalidArgument("visit.diagnosis_code (the main diagnosis) is required for an inpatient visit");
        }
        if (serviceDate is { } sent && sent != discharge)
        {
            throw RejectedException.InvalidArgument(
                $"service_date {CivilDate.Format(sent)} must be the discharge date {CivilDate.Format(discharge)} for an inpatient visit (or empty)");
        }
        return (discharge, new VisitDetail(admission, discharge, diagnosisCode));
    }

    private static string Truncated(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
