namespace Clearinghouse.Domain.Supervision;

/// <summary>
/// The visits a person rule reads: one person's, reversed ones left out, checked, in arrival order (accepted-at,
/// then settlement id), so that every rule's output is the same whatever order its input came in.
/// </summary>
public static class VisitHistory
{
    /// <summary>A person's visits one evaluation reads: years of an ordinary person's visits, and a bound on the pairwise work.</summary>
    public const int MaxVisits = 5_000;

    public static IReadOnlyList<SupervisedVisit> Counted(IEnumerable<SupervisedVisit> visits)
    {
        // Counted once for all the rules of one evaluation: sorting and checking a person's history again in each
        // rule was most of what a visit cost the processor.
        if (visits is CountedVisits already)
        {
            return already;
        }
        var counted = visits.Where(v => !v.Reversed).Order(ArrivalOrder.Instance).ToList();
        Invariant.Require(counted.Count <= MaxVisits, $"a person rule reads at most {MaxVisits} visits");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var visit in counted)
        {
            Check(visit);
            Invariant.Require(visit.PersonId == counted[0].PersonId, "a person rule reads one person's visits");
            Invariant.Require(seen.Add(visit.SettlementId), "a settlement appears once");
        }
        return new CountedVisits(counted);
    }

    /// <summary>Visits already counted: what <see cref="Counted"/> gives, and takes back as it is.</summary>
    private sealed class CountedVisits(List<SupervisedVisit> visits) : IReadOnlyList<SupervisedVisit>
    {
        public SupervisedVisit this[int index] => visits[index];

        public int Count => visits.Count;

        public IEnumerator<SupervisedVisit> GetEnumerator() => visits.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Every pair of counted visits, the earlier arrival first; with the last-arrival scope only the pairs ending in it.</summary>
    public static IEnumerable<(SupervisedVisit Earlier, SupervisedVisit Later)> Pairs(IReadOnlyList<SupervisedVisit> counted, RuleScope scope = RuleScope.All)
    {
        for (var j = scope == RuleScope.LastArrival ? Math.Max(1, counted.Count - 1) : 1; j < counted.Count; j++)
        {
            for (var i = 0; i < j; i++)
            {
                yield return (counted[i], counted[j]);
            }
        }
    }

    /// <summary>The counted visits a rule of one visit looks at: all of them, or the last arrival alone.</summary>
    public static IEnumerable<SupervisedVisit> Within(IReadOnlyList<SupervisedVisit> counted, RuleScope scope) =>
        scope == RuleScope.LastArrival ? counted.Skip(Math.Max(0, counted.Count - 1)) : counted;

    private static void Check(SupervisedVisit visit)
    {
        if (visit.IsStay)
        {
            Invariant.Require(visit.AdmissionDate is { } && visit.DischargeDate is { }, "a stay has admission and discharge dates");
            Invariant.Require(visit.Admission <= visit.Discharge, "a stay is discharged no earlier than admitted");
            Invariant.Require(visit.ServiceDate == visit.Discharge, "a stay's service date is its discharge date");
        }
        else
        {
            Invariant.Require(visit.AdmissionDate is null && visit.DischargeDate is null, "an outpatient visit has no stay dates");
        }
        foreach (var line in visit.Lines)
        {
            Invariant.Require(line.Quantity >= 0 && line.AmountFen >= 0, "a line's quantity and amount are not negative");
            Invariant.Require(line.OverLimitFen >= 0 && line.OverLimitFen <= line.AmountFen, "a line's over-limit part lies within its amount");
            Invariant.Require(line.OverLimitFen == 0 || line.PriceLimitFen > 0, "only a line with a price limit can be over it");
        }
    }
}

/// <summary>The order the clearinghouse accepted visits in: accepted-at, then settlement id for equal instants.</summary>
public sealed class ArrivalOrder : IComparer<SupervisedVisit>
{
    public static readonly ArrivalOrder Instance = new();

    public int Compare(SupervisedVisit? x, SupervisedVisit? y)
    {
        if (x is null || y is null)
        {
            throw new InvariantViolationException("arrival order compares visits, never null");
        }
        var byInstant = x.AcceptedAt.CompareTo(y.AcceptedAt);
        return byInstant != 0 ? byInstant : string.CompareOrdinal(x.SettlementId, y.SettlementId);
    }
}
