namespace Clearinghouse.Domain.Reconciliation;

/// <summary>
/// The matching rule of daily reconciliation (docs/domain.md), applied to one key at a time so that a day
/// of any size streams through it. Every key gets exactly one of matched / missing in the clearinghouse /
/// missing in the region / amount mismatch; a key the report lists more than once is also a
/// duplicate, and its first line is the one compared.
/// </summary>
public static class EntryClassifier
{
    public static EntryOutcome Classify(ComparedEntry entry)
    {
        Invariant.Require(entry.RegionLines >= 0, "a line count is never negative");
        Invariant.Require(entry.RegionLines > 0 == entry.Region.HasValue, "the report has amounts exactly when it has lines");
        Invariant.Require(entry.Region.HasValue || entry.Clearinghouse.HasValue, "a compared key exists on at least one side");

        var comparison = (entry.Region, entry.Clearinghouse) switch
        {
            (null, _) => Found(DiscrepancyKind.MissingInRegion, entry),
            (_, null) => Found(DiscrepancyKind.MissingInClearinghouse, entry),
            ({ } region, { } ledger) when region != ledger => Found(DiscrepancyKind.AmountMismatch, entry),
            _ => null,
        };
        var duplicate = entry.RegionLines > 1 ? Found(DiscrepancyKind.DuplicateInReport, entry) : null;
        return new EntryOutcome(comparison, duplicate);
    }

    private static FoundDiscrepancy Found(DiscrepancyKind kind, ComparedEntry entry) =>
        new(kind, entry.RequestId, entry.Kind, entry.Region, entry.Clearinghouse);
}

/// <param name="Comparison">Null when the key matched; else missing on one side or an amount mismatch.</param>
/// <param name="Duplicate">Set when the report lists the key more than once.</param>
public readonly record struct EntryOutcome(FoundDiscrepancy? Comparison, FoundDiscrepancy? Duplicate)
{
    public bool Matched => Comparison is null;
}
