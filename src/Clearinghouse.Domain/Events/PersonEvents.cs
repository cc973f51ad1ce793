using System.Collections.Immutable;
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
/// </summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.contribution_recorded.v2")]
public sealed record ContributionRecorded(
    RequestStamp Request, string InsuredRegionCode, string Period, long EmployerFen, long IndividualFen,
    long AccountCreditFen, long PooledCreditFen, long AccountBalanceAfterFen) : IStampedEvent;

[GenerateSerializer, Immutable, Alias("clearinghouse.registration_filed.v1")]
public sealed record RegistrationFiled(
    RequestStamp Request, string RegistrationId, string CareRegionCode, DateOnly ValidFrom, DateOnly ValidTo) : IStampedEvent;

[GenerateSerializer, Immutable, Alias("clearinghouse.person_suspended.v1")]
public sealed record PersonSuspended(RequestStamp Request, string Reason) : IStampedEvent;

[GenerateSerializer, Immutable, Alias("clearinghouse.person_reinstated.v1")]
public sealed record PersonReinstated(RequestStamp Request) : IStampedEvent;

/// <summary>A visit settled under the insured region's policy; the obligation is FundPay + AccountPay.</summary>
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
    ImmutableArray<LineItem> Items) : IStampedEvent;

/// <summary>
/// A full reversal, booked in the period open when it was accepted. It restores exactly what the
/// settlement took: the fund total and outpatient deductible of the service year, and the account.
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
    long OutpatientDeductibleFen) : IStampedEvent;
