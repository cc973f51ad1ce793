using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Domain.ReadModels;

/// <summary>
/// One settlement as the ledger shows it: a projection of <see cref="SettlementAccepted"/> and, once
/// reversed, of <see cref="SettlementReversed"/> (Storage's ledger tables hold both, written in the same
/// transaction as the events). The line items and the visit detail stay in the event only: the ledger answers
/// questions about money, and keeping it narrow keeps the write path light.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.settlement_record.v1")]
public sealed record SettlementRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string RequestId,
    [property: Id(2)] string Period,
    [property: Id(3)] string PersonId,
    [property: Id(4)] string InsuredRegionCode,
    [property: Id(5)] string CareRegionCode,
    [property: Id(6)] string HospitalCode,
    [property: Id(7)] VisitType VisitType,
    [property: Id(8)] DateOnly ServiceDate,
    [property: Id(9)] DateTimeOffset AcceptedAt,
    [property: Id(10)] bool RegisteredForCareRegion,
    [property: Id(11)] int PolicyVersion,
    [property: Id(12)] SettlementBreakdown Breakdown,
    [property: Id(13)] string? ReversalId,
    [property: Id(14)] string? ReversalPeriod,
    [property: Id(15)] DateTimeOffset? ReversedAt,
    [property: Id(16)] int CatalogueVersion = 0)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Reversed => ReversalId is not null;

    public static SettlementRecord From(SettlementAccepted e) => new(
        e.SettlementId, e.Request.RequestId, e.Period, e.PersonId, e.InsuredRegionCode, e.CareRegionCode,
        e.HospitalCode, e.VisitType, e.ServiceDate, e.Request.AcceptedAt, e.RegisteredForCareRegion,
        e.PolicyVersion, e.Breakdown, null, null, null, e.CatalogueVersion);
}
