namespace Clearinghouse.Domain.Reconciliation;

/// <summary>A discrepancy still open when a period closed (forced), as its statements list it.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.open_discrepancy_ref.v1")]
public sealed record OpenDiscrepancyRef(
    [property: Id(0)] string DiscrepancyId,
    [property: Id(1)] string CareRegionCode,
    [property: Id(2)] DateOnly BusinessDate,
    [property: Id(3)] DiscrepancyKind Kind,
    [property: Id(4)] string RequestId);
