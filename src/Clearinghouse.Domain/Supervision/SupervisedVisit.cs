using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// One settled visit as the supervision rules read it. An inpatient stay has its admission and discharge dates
/// (its service date is the discharge date); an outpatient visit has neither. A reversed settlement stays in the
/// input so that a person's history can be passed as it is, and every rule leaves it out.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.supervised_visit.v1")]
public sealed record SupervisedVisit(
    [property: Id(0)] string SettlementId,
    [property: Id(1)] string PersonId,
    [property: Id(2)] string InsuredRegionCode,
    [property: Id(3)] string CareRegionCode,
    [property: Id(4)] string HospitalCode,
    [property: Id(5)] VisitType VisitType,
    [property: Id(6)] DateOnly ServiceDate,
    [property: Id(7)] DateOnly? AdmissionDate,
    [property: Id(8)] DateOnly? DischargeDate,
    [property: Id(9)] string? MainDiagnosis,
    [property: Id(10)] DateTimeOffset AcceptedAt,
    [property: Id(11)] long TotalFen,
    [property: Id(12)] long FundPaidFen,
    [property: Id(13)] ImmutableArray<SupervisedLine> Lines,
    [property: Id(14)] bool Reversed)
{
    [JsonIgnore]
    public bool IsStay => VisitType == VisitType.Inpatient;

    /// <summary>The admission date of a stay (checked present by <see cref="VisitHistory"/> before any rule runs).</summary>
    [JsonIgnore]
    public DateOnly Admission => AdmissionDate!.Value;

    /// <summary>The discharge date of a stay.</summary>
    [JsonIgnore]
    public DateOnly Discharge => DischargeDate!.Value;

    /// <summary>One line an auditor (or a failing test) can read: the stay dates only where there is a stay.</summary>
    public override string ToString() =>
        $"{SettlementId} {PersonId} {VisitType} {ServiceDate:yyyy-MM-dd}"
        + (IsStay ? $" stay {AdmissionDate:yyyy-MM-dd}..{DischargeDate:yyyy-MM-dd} {MainDiagnosis}" : MainDiagnosis is null ? "" : $" {MainDiagnosis}")
        + $" care {CareRegionCode} {HospitalCode} accepted {AcceptedAt:yyyy-MM-ddTHH:mm}Z {TotalFen} fen"
        + (Reversed ? " REVERSED" : "")
        + $" [{string.Join(", ", Lines.Select(l => $"{l.Code}×{l.Quantity}@{l.UnitPriceFen}/{l.PriceLimitFen}"))}]";

    /// <summary>The quantity of one item code over all the visit's lines of that code.</summary>
    public long QuantityOf(string code)
    {
        long quantity = 0;
        foreach (var line in Lines)
        {
            if (line.Code == code)
            {
                quantity += line.Quantity;
            }
        }
        return quantity;
    }
}
