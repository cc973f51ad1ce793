namespace Clearinghouse.Domain.Reconciliation;

/// <summary>
/// One (request id, kind) of a reconciliation day, as the report and the ledger hold it: the outer join
/// of the two sides on the matching key, computed by the store.
/// </summary>
/// <param name="RegionLines">How many lines of the report carry this key (0: the report lacks it).</param>
/// <param name="Region">The amounts of the key's first line in report order; null when the report lacks it.</param>
/// <param name="Clearinghouse">The ledger's amounts; null when the ledger has no such entry that day.</param>
public sealed record ComparedEntry(string RequestId, EntryKind Kind, int RegionLines, EntryAmounts? Region, EntryAmounts? Clearinghouse);
