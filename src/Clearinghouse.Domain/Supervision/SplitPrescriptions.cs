namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// split_prescriptions (分解处方 / 超量开药): one item code over a person's outpatient visits, each visit's quantity
/// within the code's limit (<see cref="SupervisionThresholds.QuantityLimitOf"/>), together over it within the window.
/// A visit is flagged when it takes the window over: the visits accepted before it with the code and a service
/// date within the <see cref="SupervisionThresholds.SplitWindowDays"/> days ending on its own add up to at most the
/// limit, and with its quantity to more. Reading only earlier arrivals makes the finding the same whether the
/// visits are evaluated together or one by one as they arrive; once over, the window raises nothing more until it
/// has moved on. A visit over the limit on its own is not a split and is left out of the sums. Stays are left out:
/// a stay's quantities cover many days. High severity when the window holds at least one and a half times the limit
/// (a window taken over holds at most twice the limit, since its last visit is within the limit).
/// </summary>
public static class SplitPrescriptions
{
    public static IEnumerable<Finding> Find(IEnumerable<SupervisedVisit> visits, SupervisionThresholds thresholds, RuleScope scope = RuleScope.All)
    {
        var outpatient = VisitHistory.Counted(visits).Where(v => !v.IsStay).ToList();
        // The last arrival is the last outpatient visit when it is one; a stay completes no split.
        for (var i = scope == RuleScope.LastArrival ? Math.Max(0, outpatient.Count - 1) : 0; i < outpatient.Count; i++)
        {
            var visit = outpatient[i];
            foreach (var code in visit.Lines.Select(l => l.Code).Distinct(StringComparer.Ordinal))
            {
                if (Flag(outpatient, i, code, thresholds) is { } finding)
                {
                    yield return finding;
                }
            }
        }
    }

    private static Finding? Flag(List<SupervisedVisit> outpatient, int index, string code, SupervisionThresholds thresholds)
    {
        var visit = outpatient[index];
        var limit = thresholds.QuantityLimitOf(code);
        var quantity = visit.QuantityOf(code);
        if (quantity == 0 || quantity > limit)
        {
            return null;
        }
        var from = visit.ServiceDate.AddDays(1 - thresholds.SplitWindowDays);
        var window = outpatient.Take(index)
            .Where(v => v.ServiceDate >= from && v.ServiceDate <= visit.ServiceDate)
            .Select(v => (Visit: v, Quantity: v.QuantityOf(code)))
            .Where(w => w.Quantity > 0 && w.Quantity <= limit)
            .ToList();
        var before = window.Sum(w => w.Quantity);
        if (before > limit || before + quantity <= limit)
        {
            return null;
        }
        var total = before + quantity;
        var first = window.Select(w => w.Visit.ServiceDate).Append(visit.ServiceDate).Min();
        return Finding.About(
            RuleId.SplitPrescriptions, "", total * 2 >= limit * 3L ? Severity.High : Severity.Medium,
            window.Select(w => w.Visit.SettlementId).Append(visit.SettlementId), [code],
            EvidenceItem.Code("code", code),
            EvidenceItem.Quantity("total_quantity", total),
            EvidenceItem.Quantity("quantity_limit", limit),
            EvidenceItem.Quantity("largest_visit_quantity", window.Select(w => w.Quantity).Append(quantity).Max()),
            EvidenceItem.Count("visits", window.Count + 1),
            EvidenceItem.On("first_date", first),
            EvidenceItem.On("last_date", visit.ServiceDate),
            EvidenceItem.Days("window_days", thresholds.SplitWindowDays));
    }
}
