using System.Text.Json.Serialization;

namespace Clearinghouse.Domain.Settlements;

/// <summary>
/// What an auditor needs to tell a stay from a visit: an inpatient stay's admission and discharge dates and its
/// main diagnosis (an ICD-10 code, <see cref="DiagnosisCode"/>); an outpatient visit has no dates and may name a
/// diagnosis. Checked by <see cref="VisitDetails"/>. Absent parts are left out of the stored JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.visit_detail.v1")]
public sealed record VisitDetail(
    [property: Id(0), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? AdmissionDate,
    [property: Id(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? DischargeDate,
    [property: Id(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DiagnosisCode);
