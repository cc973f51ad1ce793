using System.Collections.Immutable;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Events;
using Clearinghouse.Domain.Policies;

namespace Clearinghouse.Grains.Abstractions;

// What grains answer with: immutable views of their state at the time of the call.

[GenerateSerializer, Immutable, Alias("clearinghouse.view.region.v1")]
public sealed record RegionSnapshot(
    [property: Id(0)] string RegionCode, [property: Id(1)] string Name, [property: Id(2)] ImmutableArray<PolicyVersion> Policies)
{
    /// <summary>Fund supervision's thresholds in the region's latest policy (the defaults without one): what the rules as they are now use.</summary>
    public Domain.Supervision.SupervisionThresholds LatestSupervisionThresholds() =>
        Policies is { Length: > 0 } ? Policies[^1].SupervisionThresholds() : Domain.Supervision.SupervisionThresholds.Default;
}

[GenerateSerializer, Immutable, Alias("clearinghouse.view.hospital.v1")]
public sealed record HospitalSnapshot(
    [property: Id(0)] string HospitalCode, [property: Id(1)] string RegionCode, [property: Id(2)] string Name, [property: Id(3)] int Level);

[GenerateSerializer, Immutable, Alias("clearinghouse.view.person.v1")]
public sealed record PersonSnapshot(
    [property: Id(0)] string PersonId,
    [property: Id(1)] string InsuredRegionCode,
    [property: Id(2)] Scheme Scheme,
    [property: Id(3)] PersonCategory Category,
    [property: Id(4)] PersonStatus Status,
    [property: Id(5)] long AccountBalanceFen,
    [property: Id(6)] int Year,
    [property: Id(7)] long FundPaidInYearFen,
    [property: Id(8)] long OutpatientDeductibleUsedFen,
    [property: Id(9)] ImmutableArray<RegistrationFiled> Registrations,
    [property: Id(10)] ImmutableArray<AssistanceStatusSet> AssistanceStatuses = default,
    [property: Id(11)] long QualifyingSelfBurdenInYearFen = 0,
    [property: Id(12)] long SeriousIllnessPaidInYearFen = 0,
    [property: Id(13)] long AssistancePaidInYearFen = 0);

/// <summary>Where a period stands; the cut-off and the netting once they happened.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.view.period.v1")]
public sealed record PeriodView(
    [property: Id(0)] string Period,
    [property: Id(1)] Domain.Clearing.PeriodPhase Phase,
    [property: Id(2)] PeriodCutOff? CutOff,
    [property: Id(3)] PeriodClosed? Closed);

/// <summary>A region's statement of a closed period and whether the region confirmed it.</summary>
[GenerateSerializer, Immutable, Alias("clearinghouse.view.statement.v1")]
public sealed record StatementView(
    [property: Id(0)] StatementIssued Issued,
    [property: Id(1)] StatementConfirmed? Confirmation);
