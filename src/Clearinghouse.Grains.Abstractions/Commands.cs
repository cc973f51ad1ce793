using System.Collections.Immutable;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Domain.Settlements;

namespace Clearinghouse.Grains.Abstractions;

// Commands as grains receive them: already validated for shape at the API edge (types, ranges, sizes);
// the grains check what needs state (existence, status, policy in force). Each carries the client's
// request id and a fingerprint of the request's content for idempotency.

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.upsert_region.v1")]
public sealed record UpsertRegion([property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint, [property: Id(2)] string Name);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.publish_policy.v1")]
public sealed record PublishPolicy(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] DateOnly EffectiveFrom, [property: Id(3)] Policy Policy);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.register_hospital.v1")]
public sealed record RegisterHospital(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] string RegionCode, [property: Id(3)] string Name, [property: Id(4)] int Level);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.enroll_person.v1")]
public sealed record EnrollPerson(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] string InsuredRegionCode, [property: Id(3)] Scheme Scheme, [property: Id(4)] PersonCategory Category);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.record_contribution.v1")]
public sealed record RecordContribution(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] string Period, [property: Id(3)] long EmployerFen, [property: Id(4)] long IndividualFen);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.file_registration.v1")]
public sealed record FileRegistration(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] string CareRegionCode, [property: Id(3)] DateOnly ValidFrom, [property: Id(4)] DateOnly ValidTo);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.change_person_status.v1")]
public sealed record ChangePersonStatus(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] PersonStatus Status, [property: Id(3)] string Reason);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.set_assistance_status.v1")]
public sealed record SetAssistanceStatus(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] AssistanceStatus Status, [property: Id(3)] DateOnly EffectiveFrom);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.settle_visit.v1")]
public sealed record SettleVisit(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] string CareRegionCode, [property: Id(3)] string HospitalCode,
    [property: Id(4)] VisitType VisitType, [property: Id(5)] DateOnly ServiceDate,
    [property: Id(6)] bool UsePersonalAccount, [property: Id(7)] ImmutableArray<LineItem> Items,
    [property: Id(8)] VisitDetail? Visit = null);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.reverse_settlement.v1")]
public sealed record ReverseSettlement(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] string SettlementId, [property: Id(3)] string CareRegionCode, [property: Id(4)] string Reason);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.deposit_prepayment.v1")]
public sealed record DepositPrepayment(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] string RegionCode, [property: Id(3)] long AmountFen, [property: Id(4)] string BankReference);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.withdraw_prepayment.v1")]
public sealed record WithdrawPrepayment(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] string RegionCode, [property: Id(3)] long AmountFen, [property: Id(4)] string BankReference, [property: Id(5)] string Reason);

/// <param name="TransferId">A transfer of a closed period, "YYYY-MM/NNN" (already checked for shape).</param>
[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.mark_transfer_executed.v1")]
public sealed record MarkTransferExecuted(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] string TransferId, [property: Id(3)] string BankReference, [property: Id(4)] DateTimeOffset ExecutedAt);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.close_period.v1")]
public sealed record ClosePeriod(
    [property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint,
    [property: Id(2)] string Period, [property: Id(3)] bool Force);

[GenerateSerializer, Immutable, Alias("clearinghouse.cmd.confirm_statement.v1")]
public sealed record ConfirmStatement([property: Id(0)] string RequestId, [property: Id(1)] string Fingerprint);
