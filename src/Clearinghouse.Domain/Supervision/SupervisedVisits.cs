using System.Collections.Immutable;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// A settlement as the supervision rules read it: the one mapping from the stored event to <see cref="SupervisedVisit"/>,
/// used by the blocking rules in Settle and by the processor that follows the committed stream.
/// </summary>
public static class SupervisedVisits
{
    /// <summary>
    /// The visit a settlement records; null for one the rules cannot judge, read as no visit rather than a malformed
    /// one (which the rules would refuse): a stay settled before admission and discharge dates were recorded
    /// (settlement_accepted_v1) or whose service date is not its discharge date, or lines whose figures do not hold
    /// together. An outpatient visit's stay dates, if any were sent, are dropped. What the funds paid is every fund
    /// tier's pay (basic, serious illness, assistance), without the personal account.
    /// </summary>
    public static SupervisedVisit? From(SettlementAccepted settlement, bool reversed)
    {
        var lines = settlement.Items
            .Select(i => new SupervisedLine(i.Code, i.Quantity, i.UnitPriceFen, i.AmountFen, i.PriceLimitFen, i.OverLimitFen))
            .ToImmutableArray();
        if (lines.Any(l => l.Quantity < 0 || l.AmountFen < 0 || l.OverLimitFen < 0 || l.OverLimitFen > l.AmountFen || (l.OverLimitFen > 0 && l.PriceLimitFen <= 0)))
        {
            return null;
        }
        DateOnly? admission = null, discharge = null;
        if (settlement.VisitType == VisitType.Inpatient)
        {
            if (settlement.Visit is not { AdmissionDate: { } a, DischargeDate: { } d } || a > d || d != settlement.ServiceDate)
            {
                return null;
            }
            (admission, discharge) = (a, d);
        }
        var b = settlement.Breakdown;
        return new SupervisedVisit(
            settlement.SettlementId, settlement.PersonId, settlement.InsuredRegionCode, settlement.CareRegionCode, settlement.HospitalCode,
            settlement.VisitType, settlement.ServiceDate, admission, discharge, settlement.Visit?.DiagnosisCode, settlement.Request.AcceptedAt,
            b.TotalFen, b.TiersPayFen, lines, reversed);
    }
}
