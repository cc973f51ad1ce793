namespace Clearinghouse.Domain.Reconciliation;

/// <summary>
/// Folds the classified keys of one day into the figures of its result, keeping only the discrepancies:
/// memory grows with what is wrong, not with the size of the day.
/// </summary>
public sealed class ComparisonTally
{
    private readonly List<FoundDiscrepancy> _found = [];

    public long MatchedCount { get; private set; }
    /// <summary>Lines of the report, duplicates included.</summary>
    public long RegionEntryCount { get; private set; }
    /// <summary>Ledger entries of the care region and business day.</summary>
    public long ClearinghouseEntryCount { get; private set; }
    public IReadOnlyList<FoundDiscrepancy> Found => _found;

    /// <summary>
    /// Keys the store found to agree plainly (one report line, the ledger's amounts): each is what
    /// <see cref="EntryClassifier"/> classifies as matched without a duplicate, counted without being sent.
    /// </summary>
    public void AddAgreeing(long keys)
    {
        Invariant.Require(keys >= 0, "a count is never negative");
        MatchedCount += keys;
        RegionEntryCount += keys;
        ClearinghouseEntryCount += keys;
    }

    public void Add(ComparedEntry entry)
    {
        var outcome = EntryClassifier.Classify(entry);
        RegionEntryCount += entry.RegionLines;
        ClearinghouseEntryCount += entry.Clearinghouse.HasValue ? 1 : 0;
        if (outcome.Matched)
        {
            MatchedCount++;
        }
        else
        {
            _found.Add(outcome.Comparison!);
        }
        if (outcome.Duplicate is { } duplicate)
        {
            _found.Add(duplicate);
        }
    }
}
