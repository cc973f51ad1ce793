using Clearinghouse.Domain.Money;

namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// over_regulated_price (超标准收费): a line billed at a unit price above the catalogue's price limit for its code
/// on the service date, which the settlement already measured as the line's over-limit part. One finding per visit
/// and code (its lines of that code together). Severity by how far the highest unit price lies above the limit,
/// in basis points of the limit: from <see cref="SupervisionThresholds.OverPriceHighBp"/> high, from
/// <see cref="SupervisionThresholds.OverPriceMediumBp"/> medium, else low.
/// </summary>
public static class OverRegulatedPrice
{
    public static IEnumerable<Finding> Find(IEnumerable<SupervisedVisit> visits, SupervisionThresholds thresholds, RuleScope scope = RuleScope.All)
    {
        foreach (var visit in VisitHistory.Within(VisitHistory.Counted(visits), scope))
        {
            var overByCode = visit.Lines.Where(l => l.OverLimitFen > 0).GroupBy(l => l.Code, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var lines in overByCode)
            {
                yield return Flag(visit, lines.Key, [.. lines], thresholds);
            }
        }
    }

    private static Finding Flag(SupervisedVisit visit, string code, List<SupervisedLine> lines, SupervisionThresholds thresholds)
    {
        var unitPrice = lines.Max(l => l.UnitPriceFen);
        var limit = lines.Min(l => l.PriceLimitFen);
        Invariant.Require(limit > 0, "an over-limit line has a price limit");
        // floor: the excess is reported conservatively, and a price 0.5 bp above a level does not reach it.
        var excessBp = unitPrice > limit ? (long)((Int128)(unitPrice - limit) * BasisPoints.Whole / limit) : 0;
        var severity = excessBp >= thresholds.OverPriceHighBp ? Severity.High
            : excessBp >= thresholds.OverPriceMediumBp ? Severity.Medium
            : Severity.Low;
        return Finding.About(
            RuleId.OverRegulatedPrice, "", severity, [visit.SettlementId], [code],
            EvidenceItem.Code("code", code),
            EvidenceItem.On("service_date", visit.ServiceDate),
            EvidenceItem.Fen("unit_price", unitPrice),
            EvidenceItem.Fen("price_limit", limit),
            EvidenceItem.BasisPoints("excess_bp", excessBp),
            EvidenceItem.Quantity("quantity", lines.Sum(l => (long)l.Quantity)),
            EvidenceItem.Fen("over_limit", lines.Sum(l => l.OverLimitFen)),
            EvidenceItem.Code("hospital", visit.HospitalCode));
    }
}
