using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.ErrorPaths;

/// <summary>
/// RegistryService's documented answers the other tests do not reach: renaming a region, changing a
/// hospital's level (later settlements use the new level's rule), NOT_FOUND for person operations on
/// nobody, reinstating an active person, and ALREADY_EXISTS for a request id reused with other content
/// on every registry write. Each refusal leaves the row counts as they were.
/// </summary>
public sealed class RegistryServiceErrorTests(RegistryServiceErrorTests.Fixture fixture) : IClassFixture<RegistryServiceErrorTests.Fixture>
{
    private const string Insured = "310104";
    private const string Care = "320104";

    private RegistryService.RegistryServiceClient Registry => fixture.Registry;

    [Fact]
    public async Task Renaming_a_region_keeps_its_policies_and_a_bad_name_or_code_is_refused()
    {
        const string Renamed = "330102";
        var scenario = new Scenario(fixture, "rename");
        await scenario.RegionAsync(Renamed, "Hangzhou Shangcheng");
        var policy = await scenario.PolicyAsync(Renamed, new DateOnly(2020, 1, 1), Policies.Standard());
        var before = await fixture.Database.CountsAsync();

        var renamed = await Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "rename-1", RegionCode = Renamed, Name = "Hangzhou Shangcheng District" });
        var expected = new Region { RegionCode = Renamed, Name = "Hangzhou Shangcheng District", PolicyVersions = { policy } };
        Assert.Equal(expected, renamed);
        Assert.Equal(expected, await Registry.GetRegionAsync(new GetRegionRequest { RegionCode = Renamed }));
        var renamedCounts = await fixture.Database.CountsAsync();
        Assert.Equal(before with { Events = before.Events + 1, RequestKeys = before.RequestKeys + 1 }, renamedCounts);

        var cases = new (StatusCode Code, UpsertRegionRequest Request, string Message)[]
        {
            (StatusCode.InvalidArgument, new() { RequestId = "rename-2", RegionCode = Renamed, Name = "" }, "name is required"),
            (StatusCode.InvalidArgument, new() { RequestId = "rename-3", RegionCode = Renamed, Name = "   " }, "name is required"),
            (StatusCode.InvalidArgument, new() { RequestId = "rename-4", RegionCode = Renamed, Name = new string('n', 201) }, "name must be at most 200 characters"),
            (StatusCode.InvalidArgument, new() { RequestId = "rename-5", RegionCode = "33010", Name = "Short code" }, "region_code must be a 6-digit region code other than 000000, got '33010'"),
            (StatusCode.InvalidArgument, new() { RequestId = "", RegionCode = Renamed, Name = "No id" }, "request_id is required"),
            (StatusCode.AlreadyExists, new() { RequestId = "rename-1", RegionCode = Renamed, Name = "Another name" }, $"request_id 'rename-1' was already used in region {Renamed} for a different request"),
        };
        foreach (var (code, request, message) in cases)
        {
            var refused = await Rpc.RefusedAsync(code, () => Registry.UpsertRegionAsync(request), $"{request}");
            Assert.Equal(message, refused.Status.Detail);
        }
        Assert.Equal(renamedCounts, await fixture.Database.CountsAsync());
        Assert.Equal(expected, await Registry.GetRegionAsync(new GetRegionRequest { RegionCode = Renamed }));
        // The rename again is a retry: its answer is the region as it is now, and nothing is written.
        Assert.Equal(expected, await Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "rename-1", RegionCode = Renamed, Name = "Hangzhou Shangcheng District" }));
        Assert.Equal(renamedCounts, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task A_hospital_s_level_change_applies_the_new_level_s_rule_to_later_settlements()
    {
        var scenario = new Scenario(fixture, "level");
        scenario.Model.PublishPolicy(Insured, new DateOnly(2020, 1, 1), Policies.Standard());
        scenario.Model.RegisterHospital("REG-H1", Care, 1);
        await scenario.PersonAsync("level-p1", Insured, Scheme.Resident, PersonCategory.Active);
        // Resident inpatient at level 1: deductible 20,000, ratio 8000 − 1500 (unregistered) = 6500 bp.
        var atLevel1 = await scenario.SettleAsync(Ward("level-visit-1"));
        Assert.Equal((20_000L, 6_500, 65_000L), (atLevel1.DeductibleFen, atLevel1.RatioBp, atLevel1.FundPayFen));

        var changed = await Registry.RegisterHospitalAsync(new RegisterHospitalRequest { RequestId = "level-change", RegionCode = Care, HospitalCode = "REG-H1", Name = "Renamed hospital", Level = 3 });
        Assert.Equal(new Hospital { HospitalCode = "REG-H1", RegionCode = Care, Name = "Renamed hospital", Level = 3 }, changed);
        scenario.Model.RegisterHospital("REG-H1", Care, 3);

        // At level 3: deductible 80,000, ratio 6000 − 1500 = 4500 bp: floor(40,000 × 0.45) = 18,000.
        var atLevel3 = await scenario.SettleAsync(Ward("level-visit-2"));
        Assert.Equal((80_000L, 4_500, 18_000L), (atLevel3.DeductibleFen, atLevel3.RatioBp, atLevel3.FundPayFen));
        scenario.AssertNoMismatches();
        // The first settlement keeps the figures of the level it was settled at.
        Assert.Equal(atLevel1, (await fixture.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = atLevel1.SettlementId })).WithoutDetail());
    }

    [Fact]
    public async Task Person_operations_on_a_person_never_enrolled_are_NOT_FOUND_and_reinstating_an_active_person_is_refused()
    {
        var scenario = new Scenario(fixture, "nf");
        await scenario.PersonAsync("nf-active", Insured, Scheme.Employee, PersonCategory.Active);
        var before = await fixture.Database.CountsAsync();

        var calls = new (StatusCode Code, Func<Task> Call, string Message)[]
        {
            (StatusCode.NotFound, () => Registry.FileRegistrationAsync(new FileRegistrationRequest { RequestId = "nf-1", PersonId = "nobody", CareRegionCode = Care, ValidFrom = "2025-01-01", ValidTo = "2025-12-31" }).ResponseAsync, "person nobody not found"),
            (StatusCode.NotFound, () => Registry.SuspendPersonAsync(new SuspendPersonRequest { RequestId = "nf-2", PersonId = "nobody", Reason = "moved" }).ResponseAsync, "person nobody not found"),
            (StatusCode.NotFound, () => Registry.ReinstatePersonAsync(new ReinstatePersonRequest { RequestId = "nf-3", PersonId = "nobody" }).ResponseAsync, "person nobody not found"),
            (StatusCode.FailedPrecondition, () => Registry.ReinstatePersonAsync(new ReinstatePersonRequest { RequestId = "nf-4", PersonId = "nf-active" }).ResponseAsync, "person nf-active is already active"),
        };
        foreach (var (code, call, message) in calls)
        {
            var refused = await Rpc.RefusedAsync(code, call, message);
            Assert.Equal(message, refused.Status.Detail);
        }
        Assert.Equal(before, await fixture.Database.CountsAsync());
        Assert.Equal(PersonStatus.Active, (await Registry.GetPersonAsync(new GetPersonRequest { PersonId = "nf-active" })).Status);
    }

    public static TheoryData<string> Writes() => new(ReusedIdCases.Keys);

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Every_registry_write_refuses_its_request_id_reused_with_other_content(string write)
    {
        var (first, reused) = ReusedIdCases[write];
        await first(fixture);
        var before = await fixture.Database.CountsAsync();

        var refused = await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => reused(fixture), write);

        Assert.StartsWith($"request_id '{write}' was already used in region ", refused.Status.Detail);
        Assert.Contains(" for a different request", refused.Status.Detail);
        Assert.Equal(before, await fixture.Database.CountsAsync());
        // The first request again is a retry: it writes nothing.
        await first(fixture);
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    /// <summary>
    /// Per write, a first request under an id (the id is the case's name) and another request under the
    /// same id in the same scope. The people are enrolled by the fixture, one per case.
    /// </summary>
    private static readonly Dictionary<string, (Func<Fixture, Task> First, Func<Fixture, Task> Reused)> ReusedIdCases = new()
    {
        ["reuse-upsert-region"] = (
            f => f.Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "reuse-upsert-region", RegionCode = Care, Name = "Nanjing Xuanwu" }).ResponseAsync,
            f => f.Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "reuse-upsert-region", RegionCode = Care, Name = "Nanjing Qinhuai" }).ResponseAsync),
        ["reuse-publish-policy"] = (
            f => f.Registry.PublishPolicyAsync(new PublishPolicyRequest { RequestId = "reuse-publish-policy", RegionCode = Fixture.PolicyRegion, EffectiveFrom = "2020-01-01", Policy = Policies.Standard() }).ResponseAsync,
            f => f.Registry.PublishPolicyAsync(new PublishPolicyRequest { RequestId = "reuse-publish-policy", RegionCode = Fixture.PolicyRegion, EffectiveFrom = "2030-01-01", Policy = Policies.Standard() }).ResponseAsync),
        ["reuse-register-hospital"] = (
            f => f.Registry.RegisterHospitalAsync(new RegisterHospitalRequest { RequestId = "reuse-register-hospital", RegionCode = Care, HospitalCode = "REUSE-H1", Name = "First", Level = 1 }).ResponseAsync,
            f => f.Registry.RegisterHospitalAsync(new RegisterHospitalRequest { RequestId = "reuse-register-hospital", RegionCode = Care, HospitalCode = "REUSE-H2", Name = "Second", Level = 1 }).ResponseAsync),
        ["reuse-enrol-person"] = (
            f => f.Registry.EnrollPersonAsync(new EnrollPersonRequest { RequestId = "reuse-enrol-person", PersonId = "reuse-new-1", InsuredRegionCode = Insured, Scheme = Scheme.Employee, Category = PersonCategory.Active }).ResponseAsync,
            f => f.Registry.EnrollPersonAsync(new EnrollPersonRequest { RequestId = "reuse-enrol-person", PersonId = "reuse-new-2", InsuredRegionCode = Insured, Scheme = Scheme.Employee, Category = PersonCategory.Active }).ResponseAsync),
        ["reuse-record-contribution"] = (
            f => f.Registry.RecordContributionAsync(new RecordContributionRequest { RequestId = "reuse-record-contribution", PersonId = "reuse-p-contribution", Period = "2025-01", EmployerFen = 10_000, IndividualFen = 2_000 }).ResponseAsync,
            f => f.Registry.RecordContributionAsync(new RecordContributionRequest { RequestId = "reuse-record-contribution", PersonId = "reuse-p-contribution", Period = "2025-01", EmployerFen = 10_000, IndividualFen = 2_001 }).ResponseAsync),
        ["reuse-file-registration"] = (
            f => f.Registry.FileRegistrationAsync(new FileRegistrationRequest { RequestId = "reuse-file-registration", PersonId = "reuse-p-registration", CareRegionCode = Care, ValidFrom = "2025-01-01", ValidTo = "2025-06-30" }).ResponseAsync,
            f => f.Registry.FileRegistrationAsync(new FileRegistrationRequest { RequestId = "reuse-file-registration", PersonId = "reuse-p-registration", CareRegionCode = Care, ValidFrom = "2025-01-01", ValidTo = "2025-07-31" }).ResponseAsync),
        ["reuse-suspend-person"] = (
            f => f.Registry.SuspendPersonAsync(new SuspendPersonRequest { RequestId = "reuse-suspend-person", PersonId = "reuse-p-suspend", Reason = "moved away" }).ResponseAsync,
            f => f.Registry.SuspendPersonAsync(new SuspendPersonRequest { RequestId = "reuse-suspend-person", PersonId = "reuse-p-suspend", Reason = "deceased" }).ResponseAsync),
        // A reinstatement's id reused by a suspension of the same person: another RPC is another request.
        ["reuse-reinstate-person"] = (
            f => f.Registry.ReinstatePersonAsync(new ReinstatePersonRequest { RequestId = "reuse-reinstate-person", PersonId = "reuse-p-reinstate" }).ResponseAsync,
            f => f.Registry.SuspendPersonAsync(new SuspendPersonRequest { RequestId = "reuse-reinstate-person", PersonId = "reuse-p-reinstate", Reason = "again" }).ResponseAsync),
    };

    private static SettleRequest Ward(string requestId)
    {
        var request = new SettleRequest
        {
            RequestId = requestId, CareRegionCode = Care, HospitalCode = "REG-H1", PersonId = "level-p1",
            VisitType = VisitType.Inpatient, ServiceDate = ChinaClock.Format(ChinaClock.Today), Visit = Stays.Ending(ChinaClock.Today),
        };
        request.Items.Add(new LineItem { Code = "A-1", Name = "ward", Category = ItemCategory.A, Quantity = 1, AmountFen = 120_000 });
        return request;
    }

    public sealed class Fixture : ClearinghouseFixture
    {
        /// <summary>A region whose policies only the reused-id case publishes.</summary>
        public const string PolicyRegion = "340104";

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "registry-seed");
            await scenario.RegionAsync(Insured, "Shanghai Xuhui");
            await scenario.RegionAsync(Care, "Nanjing Xuanwu");
            await scenario.RegionAsync(PolicyRegion, "Hefei Baohe");
            await scenario.PolicyAsync(Insured, new DateOnly(2020, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("REG-H1", Care, 1);
            foreach (var person in new[] { "reuse-p-contribution", "reuse-p-registration", "reuse-p-suspend", "reuse-p-reinstate" })
            {
                await scenario.PersonAsync(person, Insured, Scheme.Employee, PersonCategory.Active);
            }
            var suspended = await Registry.SuspendPersonAsync(new SuspendPersonRequest { RequestId = "seed-suspend", PersonId = "reuse-p-reinstate", Reason = "seed" });
            Assert.Equal(PersonStatus.Suspended, suspended.Status);
        }
    }
}
