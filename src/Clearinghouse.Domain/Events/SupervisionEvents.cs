using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Clearinghouse.Domain.Supervision;

namespace Clearinghouse.Domain.Events;

// Events of fund supervision (docs/supervision.md): a flag's stream ("flag:{flag id}", one per finding key) and the
// processor's own stream ("supervision", its checkpoints). Stored contracts: never rename or reorder a field.

/// <summary>
/// The supervision processor found a finding (<see cref="Finding"/>) when the settlement at
/// <see cref="TriggerPosition"/> of $all arrived. The care region, hospital and period are the triggering
/// settlement's; <see cref="CareRegionCodes"/> holds every care region of the settlements named (two for
/// two_places_at_once), each a party to the flag. An outliers finding is raised at its period's close: the position is
/// the close's, and the regions, hospital and person are the subject's (docs/supervision.md, "Outliers at a period's close").
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.settlement_flagged.v1")]
public sealed record SettlementFlagged(
    RequestStamp Request,
    string FlagId,
    string FindingKey,
    string RuleId,
    Severity Severity,
    string InsuredRegionCode,
    string CareRegionCode,
    string HospitalCode,
    string PersonId,
    string Period,
    ImmutableArray<string> SettlementIds,
    ImmutableArray<string> LineCodes,
    ImmutableArray<EvidenceItem> Evidence,
    long TriggerPosition,
    ImmutableArray<string> CareRegionCodes) : IStampedEvent
{
    /// <summary>Every region party to the flag: the insured region, then the care regions.</summary>
    [JsonIgnore]
    public ImmutableArray<string> Parties => [.. CareRegionCodes.Prepend(CareRegionCode).Prepend(InsuredRegionCode).Distinct(StringComparer.Ordinal)];
}

/// <summary>
/// An officer decided on a flag: confirmed (abuse) or a false positive. A confirmed flag may ask the care region to
/// reverse the settlements named; the reversal itself is the care region's (SettlementService.Reverse).
/// <see cref="Parties"/> are the flag's regions (insured and care), copied so the audit trail files the decision
/// with each of them.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.flag_resolved.v1")]
public sealed record FlagResolved(
    RequestStamp Request, string FlagId, FlagResolution Resolution, string Note, string Officer, bool ReversalRequested,
    ImmutableArray<string> Parties) : IStampedEvent;

/// <summary>The supervision processor had handled every settlement event of $all up to and including <see cref="Position"/>.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.supervision_checkpointed.v1")]
public sealed record SupervisionCheckpointed(RequestStamp Request, long Position) : IStampedEvent;
