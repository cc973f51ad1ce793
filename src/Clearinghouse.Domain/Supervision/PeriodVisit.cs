namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// One settlement of a period as the period-level comparison (<see cref="Outliers"/>) reads it: who, where, which
/// kind of visit and its bill. The ledger holds exactly this, so a closed period is compared without reading a
/// single event.
/// </summary>
public sealed record PeriodVisit(
    string SettlementId, string PersonId, string InsuredRegionCode, string CareRegionCode, string HospitalCode, VisitType VisitType, long TotalFen)
{
    public static PeriodVisit Of(SupervisedVisit visit) => new(
        visit.SettlementId, visit.PersonId, visit.InsuredRegionCode, visit.CareRegionCode, visit.HospitalCode, visit.VisitType, visit.TotalFen);
}
