using System.Collections.Immutable;

namespace Clearinghouse.Domain.Reconciliation;

/// <summary>
/// What a new report of an already reconciled day does to the discrepancies found before. The new report
/// replaces the day's result; a discrepancy it finds again with the same content (request id, entry kind,
/// discrepancy kind and both sides' amounts: <see cref="FoundDiscrepancy"/> equality) keeps its id and its
/// status, so a resolution stands while the facts it judged are unchanged. An open discrepancy the new
/// report does not find is superseded. A resolved one is final and stays resolved either way.
/// </summary>
public static class DiscrepancyCarryOver
{
    /// <param name="live">The day's discrepancies that are open or resolved (never superseded ones).</param>
    /// <param name="found">What the new report found; no two with the same content.</param>
    /// <param name="newId">Makes the id of a discrepancy found for the first time.</param>
    public static CarryOverResult Merge(IEnumerable<LiveDiscrepancy> live, IReadOnlyList<FoundDiscrepancy> found, Func<string> newId)
    {
        var byContent = new Dictionary<FoundDiscrepancy, LiveDiscrepancy>();
        foreach (var discrepancy in live)
        {
            Invariant.Require(discrepancy.Status != DiscrepancyStatus.Superseded, "only open or resolved discrepancies carry over");
            Invariant.Require(byContent.TryAdd(discrepancy.Found, discrepancy), "live discrepancies of a day differ in content");
        }
        var recorded = ImmutableArray.CreateBuilder<RecordedDiscrepancy>(found.Count);
        var kept = new HashSet<string>();
        foreach (var discrepancy in found)
        {
            if (byContent.TryGetValue(discrepancy, out var earlier))
            {
                Invariant.Require(kept.Add(earlier.DiscrepancyId), "a report finds each content once");
                recorded.Add(new RecordedDiscrepancy(earlier.DiscrepancyId, discrepancy, CarriedOver: true));
            }
            else
            {
                recorded.Add(new RecordedDiscrepancy(newId(), discrepancy, CarriedOver: false));
            }
        }
        var superseded = byContent.Values
            .Where(d => d.Status == DiscrepancyStatus.Open && !kept.Contains(d.DiscrepancyId))
            .Select(d => d.DiscrepancyId)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        return new CarryOverResult(recorded.MoveToImmutable(), superseded);
    }
}

public sealed record LiveDiscrepancy(string DiscrepancyId, FoundDiscrepancy Found, DiscrepancyStatus Status);

/// <param name="Recorded">The new report's discrepancies, in the order found.</param>
/// <param name="Superseded">Ids of open discrepancies the new report no longer finds.</param>
public sealed record CarryOverResult(ImmutableArray<RecordedDiscrepancy> Recorded, ImmutableArray<string> Superseded);
