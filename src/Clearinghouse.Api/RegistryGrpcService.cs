using System.Collections.Immutable;
using Clearinghouse.Api.Identity;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Grains.Abstractions;
using Grpc.Core;
using static Clearinghouse.Api.RequestRules;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>RegistryService: validate the request's shape, call the owning grain, map the answer.</summary>
public sealed class RegistryGrpcService(IGrainFactory grains, PersonReferences persons) : V1.RegistryService.RegistryServiceBase
{
    public override async Task<V1.Region> UpsertRegion(V1.UpsertRegionRequest request, ServerCallContext context)
    {
        var command = new UpsertRegion(
            RequestId(request.RequestId), Fingerprint.Of(request), Text(request.Name, "name", Limits.MaxNameLength));
        var region = await grains.GetGrain<IRegionGrain>(RegionCode(request.RegionCode, "region_code")).Upsert(command);
        return WireMapping.ToWire(region);
    }

    public override async Task<V1.Region> GetRegion(V1.GetRegionRequest request, ServerCallContext context)
    {
        var code = RegionCode(request.RegionCode, "region_code");
        var region = await grains.GetGrain<IRegionGrain>(code).Get()
            ?? throw RejectedException.NotFound($"region {code} not found");
        return WireMapping.ToWire(region);
    }

    public override async Task<V1.PolicyVersion> PublishPolicy(V1.PublishPolicyRequest request, ServerCallContext context)
    {
        RequestId(request.RequestId);
        var code = RegionCode(request.RegionCode, "region_code");
        var policy = ToDomain(request.Policy ?? throw RejectedException.InvalidArgument("policy is required"));
        // The domain's validator owns the policy rules; the edge runs it before any grain call so a bad
        // policy is refused first, and the region grain runs it again as the owner of what is published.
        PolicyValidator.Validate(policy);
        var command = new PublishPolicy(
            request.RequestId, Fingerprint.Of(request), Date(request.EffectiveFrom, "effective_from"), policy);
        return WireMapping.ToWire(await grains.GetGrain<IRegionGrain>(code).PublishPolicy(command));
    }

    public override async Task<V1.Hospital> RegisterHospital(V1.RegisterHospitalRequest request, ServerCallContext context)
    {
        var command = new RegisterHospital(
            RequestId(request.RequestId), Fingerprint.Of(request),
            RegionCode(request.RegionCode, "region_code"), Text(request.Name, "name", Limits.MaxNameLength),
            HospitalLevel(request.Level, "level"));
        var hospital = await grains.GetGrain<IHospitalGrain>(Identifier(request.HospitalCode, "hospital_code")).Register(command);
        return WireMapping.ToWire(hospital);
    }

    public override async Task<V1.Person> EnrollPerson(V1.EnrollPersonRequest request, ServerCallContext context)
    {
        var command = new EnrollPerson(
            RequestId(request.RequestId), Fingerprint.Of(request),
            RegionCode(request.InsuredRegionCode, "insured_region_code"),
            EnumMapping.ToDomain(request.Scheme, "scheme"), EnumMapping.ToDomain(request.Category, "category"));
        return WireMapping.ToWire(await Person(request.PersonId).Enroll(command));
    }

    public override async Task<V1.ContributionResult> RecordContribution(V1.RecordContributionRequest request, ServerCallContext context)
    {
        RequestId(request.RequestId);
        var employer = Amount(request.EmployerFen, "employer_fen", allowZero: true);
        var individual = Amount(request.IndividualFen, "individual_fen", allowZero: true);
        if (employer + individual == 0)
        {
            throw RejectedException.InvalidArgument("employer_fen + individual_fen must be greater than 0");
        }
        var command = new RecordContribution(
            request.RequestId, Fingerprint.Of(request), Period(request.Period, "period"), employer, individual);
        return WireMapping.ToWire(await Person(request.PersonId).RecordContribution(command));
    }

    public override async Task<V1.Registration> FileRegistration(V1.FileRegistrationRequest request, ServerCallContext context)
    {
        RequestId(request.RequestId);
        var from = Date(request.ValidFrom, "valid_from");
        var to = Date(request.ValidTo, "valid_to");
        if (to < from)
        {
            throw RejectedException.InvalidArgument($"valid_to {request.ValidTo} is before valid_from {request.ValidFrom}");
        }
        var command = new FileRegistration(
            request.RequestId, Fingerprint.Of(request), RegionCode(request.CareRegionCode, "care_region_code"), from, to);
        var filed = await Person(request.PersonId).FileRegistration(command);
        return WireMapping.ToWire(request.PersonId, filed);
    }

    public override async Task<V1.Person> SuspendPerson(V1.SuspendPersonRequest request, ServerCallContext context)
    {
        var command = new ChangePersonStatus(
            RequestId(request.RequestId), Fingerprint.Of(request), PersonStatus.Suspended,
            Text(request.Reason, "reason", Limits.MaxReasonLength));
        return WireMapping.ToWire(await Person(request.PersonId).ChangeStatus(command));
    }

    public override async Task<V1.Person> ReinstatePerson(V1.ReinstatePersonRequest request, ServerCallContext context)
    {
        var command = new ChangePersonStatus(
            RequestId(request.RequestId), Fingerprint.Of(request), PersonStatus.Active, "");
        return WireMapping.ToWire(await Person(request.PersonId).ChangeStatus(command));
    }

    public override async Task<V1.Person> SetAssistanceStatus(V1.SetAssistanceStatusRequest request, ServerCallContext context)
    {
        var command = new SetAssistanceStatus(
            RequestId(request.RequestId), Fingerprint.Of(request),
            EnumMapping.ToDomain(request.Status, "status"), Date(request.EffectiveFrom, "effective_from"));
        return WireMapping.ToWire(await Person(request.PersonId).SetAssistanceStatus(command));
    }

    public override async Task<V1.Person> GetPerson(V1.GetPersonRequest request, ServerCallContext context)
    {
        if (request.Year is < 0 or > 9999)
        {
            throw RejectedException.InvalidArgument($"year must be within 1..9999 (0 for the current year), got {request.Year}");
        }
        var person = await Person(request.PersonId).Get(request.Year)
            ?? throw RejectedException.NotFound($"person {request.PersonId} not found");
        var wire = WireMapping.ToWire(person);
        CallerAccess.RequireParty(context, $"person {request.PersonId}", wire.InsuredRegionCode);
        return wire;
    }

    private IPersonGrain Person(string personId) => persons.Get(Identifier(personId, "person_id"));

    private static Policy ToDomain(V1.Policy policy) => new(
    [
        .. policy.Schemes.Select(s => new SchemePolicy(
            EnumMapping.ToDomain(s.Scheme, "policy.schemes[].scheme"),
            s.CategoryBCopayBp,
            s.RetiredBonusBp,
            s.UnregisteredReductionBp,
            s.AnnualCapFen,
            s.EmployerToAccountBp,
            [.. s.Rules.Select(r => new BenefitRule(
                EnumMapping.ToDomain(r.VisitType, "policy.schemes[].rules[].visit_type"), r.HospitalLevel, r.DeductibleFen, r.RatioBp))],
            s.SeriousIllness is { } tier
                ? new SeriousIllnessTier(
                    tier.ThresholdFen, [.. tier.Bands.Select(b => new TierBand(b.HasUpToFen ? b.UpToFen : null, b.RatioBp))], tier.AnnualCapFen)
                : null,
            s.Assistance is { } a
                ? new AssistanceTier(a.MinimumLivingRatioBp, a.ExtremePovertyRatioBp, a.LowIncomeRatioBp, a.AnnualCapFen)
                : null,
            s.SeriousIllnessShareBp)),
    ]);
}
