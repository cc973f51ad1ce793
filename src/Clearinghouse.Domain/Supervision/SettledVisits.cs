using System.Collections.Immutable;
using Clearinghouse.Domain.Events;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// A settlement event as the rules read it. A stay settled without both stay dates, or whose service date is not
/// its discharge date, cannot be judged by the stay rules: it is read as no visit (null) rather than as a
/// malformed one, which the rules would refuse. An outpatient visit's stay dates, if any were sent, are dropped.
/// </summary>
public static class SettledVisits
{
    public static SupervisedVisit? From(SettlementAccepted e)
    {
        var lines = e.Items.Select(i => new SupervisedLine(i.Code, i.Quantity, i.UnitPriceFen, i.AmountFen, i.PriceLimitFen, i.OverLimitFen))
            .ToImmutableArray();
        if (lines.Any(l => l.Quantity < 0 || l.AmountFen < 0 || l.OverLimitFen < 0 || l.OverLimitFen > l.AmountFen || (l.OverLimitFen > 0 && l.PriceLimitFen <= 0)))
        {
            return null;
        }
        DateOnly? admission = null, discharge = null;
        if (e.VisitType == VisitType.Inpatient)
        {
            if (e.Visit is not { AdmissionDate: { } a, DischargeDate: { } d } || a > d || d != e.ServiceDate)
            {
                return null;
            }
            (admission, discharge) = (a, d);
        }
        return new SupervisedVisit(
            e.SettlementId, e.PersonId, e.InsuredRegionCode, e.CareRegionCode, e.HospitalCode, e.VisitType, e.ServiceDate,
            admission, discharge, e.Visit?.DiagnosisCode, e.Request.AcceptedAt, e.Breakdown.TotalFen, e.Breakdown.TiersPayFen,
            lines, Reversed: false);
    }
}
