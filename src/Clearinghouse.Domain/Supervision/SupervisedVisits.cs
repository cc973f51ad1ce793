using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Supervision;

/// <summary>A settlement as the supervision rules read it: the one mapping from the stored event to <see cref="SupervisedVisit"/>.</summary>
public static class SupervisedVisits
{
    /// <summary>
    /// The visit a settlement records; null for a stay settled before admission and discharge dates were recorded
    /// (settlement_accepted_v1), which no stay rule could place in time. What the funds paid is every fund tier's
    /// pay (basic, serious illness, assistance), without the personal account.
    /// </summary>
    public static SupervisedVisit? From(SettlementAccepted settlement, bool reversed)
    {
        var isStay = settlement.VisitType == VisitType.Inpatient;
        if (isStay && settlement.Visit is not { AdmissionDate: not null, DischargeDate: not null })
        {
            return null;
        }
        var b = settlement.Breakdown;
        return new SupervisedVisit(
            settlement.SettlementId,
            settlement.PersonId,
            settlement.InsuredRegionCode,
            settlement.CareRegionCode,
            settlement.HospitalCode,
            settlement.VisitType,
            settlement.ServiceDate,
            isStay ? settlement.Visit!.AdmissionDate : null,
            isStay ? settlement.Visit!.DischargeDate : null,
            settlement.Visit?.DiagnosisCode,
            settlement.Request.AcceptedAt,
            b.TotalFen,
            b.TiersPayFen,
            [.. settlement.Items.Select(i => new SupervisedLine(i.Code, i.Quantity, i.UnitPriceFen, i.AmountFen, i.PriceLimitFen, i.OverLimitFen))],
            reversed);
    }
}
