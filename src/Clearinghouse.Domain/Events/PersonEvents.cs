using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Domain.Events;

// Events of one insured person's stream ("person:{id}"). They are stored contracts: never rename or
// reorder a field; a changed shape is a new event type (Marten aliases are registered in Storage).

[GenerateSerializer, Immutable, Alias("clearinghouse.person_enrolled.v1")]
public sealed record PersonEnrolled(
    RequestStamp Request, string PersonId, string InsuredRegionCode, Scheme Scheme, PersonCategory Category) : IStampedEvent;

/// <summary>
/// A contribution for a period, split into the personal account's part and the pooled fund's part. It names the
/// insured region whose pooled fund the pooled part goes to, so that fund's position follows from the events
/// alone. Second version: the first (stored as contribution_recorded_v1) did not name the region; Storage reads
/// it as this one, taking the region from its request's scope, which was the insured region.
/// <see cref="SeriousIllnessCreditFen"/> is the part of the pooled share that funds serious-illness insurance,
/// kept apart from <see cref="PooledCreditFen"/>. It came later with a default of 0: a contribution stored
/// before it credited everything to the pooled fund, which is what 0 says, so no new version was needed.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.contribution_recorded.v2")]
public sealed record ContributionRecorded(
    RequestStamp Request, string InsuredRegionCode, string Period, long EmployerFen, long IndividualFen,
    long AccountCreditFen, long PooledCreditFen, long AccountBalanceAfterFen, long SeriousIllnessCreditFen = 0) : IStampedEvent;

[GenerateSerializer, Immutable, Alias("clearinghouse.registration_filed.v1")]
public sealed record RegistrationFiled(
    RequestStamp Request, string RegistrationId, string CareRegionCode, DateOnly ValidFrom, DateOnly ValidTo) : IStampedEvent;

[GenerateSerializer, Immutable, Alias("clearinghouse.person_suspended.v1")]
public sealed record PersonSuspended(RequestStamp Request, string Reason) : IStampedEvent;

[GenerateSerializer, Immutable, Alias("clearinghouse.person_reinstated.v1")]
public sealed record PersonReinstated(RequestStamp Request) : IStampedEvent;

/// <summary>
/// The person's assistance status (低保, 特困, 低收入; None ends it) from a date on, set by an operator. It holds
/// until a later-dated one takes over; a settlement uses the one in force on its service date.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.assistance_status_set.v1")]
public sealed record AssistanceStatusSet(RequestStamp Request, AssistanceStatus Status, DateOnly EffectiveFrom) : IStampedEvent;

/// <summary>
/// A visit settled under the insured region's policy; the obligation is the breakdown's. Its items are the lines as
/// settled (the care region's catalogue applied, if one was in force). Second version (stored as
/// settlement_accepted_v2): <see cref="Visit"/> (the admission, discharge and diagnosis) and
/// <see cref="CatalogueVersion"/> (0: no catalogue was in force) were added; left out of the stored JSON while
/// absent, so a settlement without them is stored as before. Storage reads the first (settlement_accepted_v1) as
/// this one, with neither.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.settlement_accepted.v1")]
public sealed record SettlementAccepted(
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
    ImmutableArray<LineItem> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VisitDetail? Visit = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int CatalogueVersion = 0) : IStampedEvent;

/// <summary>
/// A full reversal, booked in the period open when it was accepted. It restores exactly what the
/// settlement took: the fund total and outpatient deductible of the service year, and the account; and the
/// tiers' yearly totals (qualifying self-burden, serious-illness and assistance paid). Those three came later
/// and default to 0, which is what a reversal stored before them restored; left out of the stored JSON while 0.
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.settlement_reversed.v1")]
public sealed record SettlementReversed(
    RequestStamp Request,
    string ReversalId,
    string SettlementId,
    string Period,
    string PersonId,
    string InsuredRegionCode,
    string CareRegionCode,
    string Reason,
    int ServiceYear,
    long FundPayFen,
    long AccountPayFen,
    long OutpatientDeductibleFen,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long QualifyingSelfBurdenFen = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long SeriousIllnessPayFen = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long AssistancePayFen = 0) : IStampedEvent
{
    /// <summary>What this reversal takes off the insured region's obligation to the care region.</summary>
    [JsonIgnore]
    public long ObligationFen => FundPayFen + SeriousIllnessPayFen + AssistancePayFen + AccountPayFen;
}
