using System.Collections.Immutable;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Storage.Serialization.Upcasting;

/// <summary>
/// The first stored shape of <see cref="SettlementAccepted"/> (settlement_accepted_v1), from before the visit detail
/// and the care region's catalogue. Only read, never written: <see cref="Upcast"/> makes the current event of it,
/// with no visit detail and catalogue version 0 (none was in force), which is what it settled under. Its lines and
/// breakdown read as they were stored (the line's later fields and over-limit self-pay 0).
/// </summary>
public sealed record SettlementAcceptedV1(
    RequestStamp Request,
    string SettlementId,
    string Period,
    string PersonId,
    string InsuredRegionCode,
    string CareRegionCode,
    string HospitalCode,
    int HospitalLevel,
    VisitType VisitType,
    DateOnly ServiceDate,
    bool UsePersonalAccount,
    bool RegisteredForCareRegion,
    int PolicyVersion,
    SettlementBreakdown Breakdown,
    ImmutableArray<LineItem> Items)
{
    public const string StoredName = "settlement_accepted_v1";

    public SettlementAccepted Upcast() =>
        new(Request, SettlementId, Period, PersonId, InsuredRegionCode, CareRegionCode, HospitalCode, HospitalLevel, VisitType,
            ServiceDate, UsePersonalAccount, RegisteredForCareRegion, PolicyVersion, Breakdown, Items, Visit: null, CatalogueVersion: 0);
}
