namespace Clearinghouse.Domain.Reconciliation;

/// <summary>A discrepancy as a report recorded it: its id and what was found.</summary>
/// <param name="CarriedOver">True when an earlier report of the day found the same discrepancy: it keeps
/// that one's id and status (open or resolved) instead of starting afresh.</param>
[GenerateSerializer, Immutable, Alias("clearinghouse.recorded_discrepancy.v1")]
public sealed record RecordedDiscrepancy(string DiscrepancyId, FoundDiscrepancy Found, bool CarriedOver);
