using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Clearinghouse.Api.Identity;
using Clearinghouse.Domain;
using Clearinghouse.Domain.Catalogues;
using Clearinghouse.Domain.Policies;
using Clearinghouse.Grains.Abstractions;
using Grpc.Core;
using static Clearinghouse.Api.RequestRules;
using V1 = Clearinghouse.V1;

namespace Clearinghouse.Api;

/// <summary>RegistryService: validate the request's shape, call the owning grain, map the answer.</summary>
public sealed class RegistryGrpcService(IGrainFactory grains, PersonReferences persons, RegistryReferences registry, ICatalogues catalogues)
    : V1.RegistryService.RegistryServiceBase
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

    /// <summary>
    /// The header, then item batches, each checked as it arrives (a bad item is refused naming its batch and place,
    /// before the rest is read); the whole version goes to the catalogue grain once the client half-closes. The
    /// fingerprint hashes the header and every item in order, not the batches, so a retry may cut them differently.
    /// </summary>
    public override async Task<V1.CatalogueVersion> PublishCatalogue(
        IAsyncStreamReader<V1.PublishCatalogueRequest> requestStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var header = await HeaderFirstStream.ReadHeaderAsync(
            requestStream, r => r.PartCase == V1.PublishCatalogueRequest.PartOneofCase.Header ? r.Header : null, "a catalogue", cancellationToken);
        var requestId = RequestId(header.RequestId);
        var region = RegionCode(header.RegionCode, "header.region_code");
        var effectiveFrom = Date(header.EffectiveFrom, "header.effective_from");
        // Before the items are read: a catalogue for a region that does not exist is refused at once.
        await RequireRegion(region);

        var headerContent = header.Clone();
        headerContent.RequestId = "";
        using var fingerprint = new ReportFingerprint(V1.PublishCatalogueRequest.Descriptor.FullName, headerContent);
        var checker = new CatalogueChecker();
        var batches = ImmutableArray.CreateBuilder<ImmutableArray<CatalogueItem>>();
        var messages = 1;
        while (await requestStream.MoveNext(cancellationToken))
        {
            var message = requestStream.Current;
            messages++;
            if (message.PartCase != V1.PublishCatalogueRequest.PartOneofCase.Items)
            {
                throw RejectedException.InvalidArgument($"message {messages} of the catalogue holds no item batch: only the first message is the header");
            }
            var batch = CatalogueWireMapping.ToDomain(message.Items);
            checker.Add(batch);
            foreach (var item in message.Items.Items)
            {
                fingerprint.Add(item);
            }
            batches.Add(ImmutableCollectionsMarshal.AsImmutableArray(batch));
        }
        checker.Finish();
        var command = new PublishCatalogue(requestId, fingerprint.Finish(), effectiveFrom, batches.DrainToImmutable());
        return CatalogueWireMapping.ToWire(await registry.Catalogue(region).Publish(command));
    }

    public override async Task<V1.CatalogueItemInForce> GetCatalogueItem(V1.GetCatalogueItemRequest request, ServerCallContext context)
    {
        var region = RegionCode(request.RegionCode, "region_code");
        var code = Identifier(request.Code, "code");
        var date = Date(request.Date, "date");
        // The settlement path's own read: the version in force, from this silo's cache of loaded versions.
        var catalogue = await catalogues.InForceAsync(region, date);
        if (catalogue is null)
        {
            await RequireRegion(region);
            throw RejectedException.NotFound($"region {region} has no catalogue version in force on {request.Date}");
        }
        var info = catalogue.Info;
        if (!catalogue.TryFind(code, out var item))
        {
            throw RejectedException.NotFound(
                $"item {code} is not in catalogue version {info.Version} of region {region} (in force on {request.Date})");
        }
        return new V1.CatalogueItemInForce
        {
            RegionCode = region,
            Version = info.Version,
            EffectiveFrom = CivilDate.Format(info.EffectiveFrom),
            Item = CatalogueWireMapping.ToWire(item),
        };
    }

    public override async Task<V1.ListCatalogueVersionsResponse> ListCatalogueVersions(V1.ListCatalogueVersionsRequest request, ServerCallContext context)
    {
        var region = RegionCode(request.RegionCode, "region_code");
        await RequireRegion(region);
        var response = new V1.ListCatalogueVersionsResponse();
        response.Versions.AddRange((await registry.Catalogue(region).Versions()).Select(CatalogueWireMapping.ToWire));
        return response;
    }

    private async Task RequireRegion(string region)
    {
        if (await registry.Region(region).Get() is null)
        {
            throw RejectedException.NotFound($"region {region} not found");
        }
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
    ],
    policy.Supervision is { } supervision ? SupervisionSettingsWireMapping.ToDomain(supervision) : null);
}
