namespace Clearinghouse.Domain.Reconciliation;

/// <summary>
/// What one comparison found wrong with one key. Value equality is what "the new report agrees" means
/// when a day is submitted again (<see cref="DiscrepancyCarryOver"/>): same key, same kind, same amounts.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.found_discrepancy.v1")]
public sealed record FoundDiscrepancy(
    DiscrepancyKind Kind, string RequestId, EntryKind EntryKind, EntryAmounts? Region, EntryAmounts? Clearinghouse);
