using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Grpc.Health.V1;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// Every way a request can be wrong gets its own status code, and a refused request leaves nothing
/// behind: the rows of mt_events, ledger_settlements/ledger_reversals and request_keys are counted
/// before and after each. Each case changes one thing of a request that, unchanged, is accepted.
/// </summary>
public sealed class BadInputTests(BadInputTests.Fixture fixture) : IClassFixture<BadInputTests.Fixture>
{
    private const string Insured = "510104";
    private const string Care = "520102";
    private const string OtherCare = "530102";
    private const string ResidentOnlyElsewhere = "540102";
    private const string Nowhere = "599999";

    private static DateOnly Today => ChinaClock.Today;

    private static readonly Dictionary<string, (StatusCode Expected, Func<Fixture, Task> Call)> Cases = new()
    {
        // NOT_FOUND: well-formed references to things that do not exist.
        ["settle, unknown care region"] = (StatusCode.NotFound, f => f.Settle(r => r.CareRegionCode = Nowhere)),
        ["settle, unknown person"] = (StatusCode.NotFound, f => f.Settle(r => r.PersonId = "nobody")),
        ["settle, unknown hospital"] = (StatusCode.NotFound, f => f.Settle(r => r.HospitalCode = "NO-SUCH-HOSPITAL")),
        ["reverse, unknown settlement"] = (StatusCode.NotFound, f => f.Reverse("0123456789abcdef0123456789abcdef", Care)),
        ["get settlement, unknown"] = (StatusCode.NotFound, f => f.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = "0123456789abcdef0123456789abcdef" }).ResponseAsync),
        ["list settlements, unknown region"] = (StatusCode.NotFound, f => f.Settlements.ListSettlementsAsync(new ListSettlementsRequest { RegionCode = Nowhere, Period = ChinaClock.Period(Today) }).ResponseAsync),
        ["get person, unknown"] = (StatusCode.NotFound, f => f.Registry.GetPersonAsync(new GetPersonRequest { PersonId = "nobody" }).ResponseAsync),
        ["get region, unknown"] = (StatusCode.NotFound, f => f.Registry.GetRegionAsync(new GetRegionRequest { RegionCode = Nowhere }).ResponseAsync),
        ["enrol, unknown region"] = (StatusCode.NotFound, f => f.Registry.EnrollPersonAsync(new EnrollPersonRequest { RequestId = Id(), PersonId = "newcomer", InsuredRegionCode = Nowhere, Scheme = Scheme.Employee, Category = PersonCategory.Active }).ResponseAsync),
        ["contribution, unknown person"] = (StatusCode.NotFound, f => f.Registry.RecordContributionAsync(new RecordContributionRequest { RequestId = Id(), PersonId = "nobody", Period = ChinaClock.Period(Today), EmployerFen = 100 }).ResponseAsync),
        ["registration, unknown care region"] = (StatusCode.NotFound, f => f.Registry.FileRegistrationAsync(new FileRegistrationRequest { RequestId = Id(), PersonId = "bad-active", CareRegionCode = Nowhere, ValidFrom = "2025-01-01", ValidTo = "2025-12-31" }).ResponseAsync),
        ["hospital, unknown region"] = (StatusCode.NotFound, f => f.Registry.RegisterHospitalAsync(new RegisterHospitalRequest { RequestId = Id(), RegionCode = Nowhere, HospitalCode = "BAD-NEW", Name = "New", Level = 1 }).ResponseAsync),
        ["policy, unknown region"] = (StatusCode.NotFound, f => f.Registry.PublishPolicyAsync(new PublishPolicyRequest { RequestId = Id(), RegionCode = Nowhere, EffectiveFrom = "2025-01-01", Policy = Policies.Standard() }).ResponseAsync),

        // FAILED_PRECONDITION: well-formed, existing, but not allowed in the current state.
        ["settle, no policy in force on the service date"] = (StatusCode.FailedPrecondition, f => f.Settle(r => r.ServiceDate = ChinaClock.Format(new DateOnly(Today.Year - 2, 12, 31)))),
        ["settle, suspended person"] = (StatusCode.FailedPrecondition, f => f.Settle(r => r.PersonId = "bad-suspended")),
        ["settle, hospital of another region"] = (StatusCode.FailedPrecondition, f => f.Settle(r => r.HospitalCode = "BAD-OTHER-H2")),
        ["settle, in the person's own insured region"] = (StatusCode.FailedPrecondition, f => f.Settle(r => { r.CareRegionCode = Insured; r.HospitalCode = "BAD-HOME-H3"; })),
        ["reverse, twice"] = (StatusCode.FailedPrecondition, f => f.Reverse(f.ReversedSettlementId, Care)),
        ["policy, effective_from in the past for a region that has a version"] = (StatusCode.FailedPrecondition, f => f.Registry.PublishPolicyAsync(new PublishPolicyRequest { RequestId = Id(), RegionCode = Insured, EffectiveFrom = ChinaClock.Format(new DateOnly(Today.Year - 1, 1, 1)), Policy = Policies.Standard() }).ResponseAsync),
        ["suspend, already suspended"] = (StatusCode.FailedPrecondition, f => f.Registry.SuspendPersonAsync(new SuspendPersonRequest { RequestId = Id(), PersonId = "bad-suspended", Reason = "again" }).ResponseAsync),
        ["registration, for the person's own insured region"] = (StatusCode.FailedPrecondition, f => f.Registry.FileRegistrationAsync(new FileRegistrationRequest { RequestId = Id(), PersonId = "bad-active", CareRegionCode = Insured, ValidFrom = "2025-01-01", ValidTo = "2025-12-31" }).ResponseAsync),

        ["settle, insured region's policy does not cover the person's scheme"] = (StatusCode.FailedPrecondition, f => f.Settle(r => r.PersonId = "bad-resident")),
        ["contribution, no policy in force for the period"] = (StatusCode.FailedPrecondition, f => f.Registry.RecordContributionAsync(new RecordContributionRequest { RequestId = Id(), PersonId = "bad-active", Period = $"{Today.Year - 2}-12", EmployerFen = 100 }).ResponseAsync),

        // ALREADY_EXISTS: one person, one enrolment; one hospital code, one region.
        ["enrol, already enrolled"] = (StatusCode.AlreadyExists, f => f.Registry.EnrollPersonAsync(new EnrollPersonRequest { RequestId = Id(), PersonId = "bad-active", InsuredRegionCode = OtherCare, Scheme = Scheme.Resident, Category = PersonCategory.Active }).ResponseAsync),
        ["hospital, code registered to another region"] = (StatusCode.AlreadyExists, f => f.Registry.RegisterHospitalAsync(new RegisterHospitalRequest { RequestId = Id(), RegionCode = OtherCare, HospitalCode = "BAD-H1", Name = "Moved", Level = 1 }).ResponseAsync),

        // PERMISSION_DENIED: only the care region that settled may reverse.
        ["reverse, by another care region"] = (StatusCode.PermissionDenied, f => f.Reverse(f.SettledId, OtherCare)),

        // INVALID_ARGUMENT: the request's shape, checked before anything is looked up.
        ["settle, zero amount"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.Items[1].AmountFen = 0)),
        ["settle, negative amount"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.Items[0].AmountFen = -500)),
        ["settle, amount over the limit"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.Items[0].AmountFen = 10_000_000_001)),
        ["settle, no items"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.Items.Clear())),
        ["settle, 1001 items"] = (StatusCode.InvalidArgument, f => f.Settle(r =>
        {
            r.Items.Clear();
            r.Items.AddRange(Enumerable.Range(0, 1001).Select(i => new LineItem { Code = $"X{i}", Name = "x", Category = ItemCategory.A, Quantity = 1, AmountFen = 10 }));
        })),
        ["settle, zero quantity"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.Items[0].Quantity = 0)),
        ["settle, date 2026-02-30"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.ServiceDate = "2026-02-30")),
        ["settle, date 2026/01/01"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.ServiceDate = "2026/01/01")),
        ["settle, empty date"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.ServiceDate = "")),
        ["settle, future service date"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.ServiceDate = ChinaClock.Format(Today.AddDays(2)))),
        ["settle, inpatient without the visit detail"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.VisitType = VisitType.Inpatient)),
        ["settle, inpatient discharged in the future"] = (StatusCode.InvalidArgument, f => f.Settle(r => { Stay(r); r.ServiceDate = ""; r.Visit = Stays.Ending(Today.AddDays(2)); })),
        ["settle, inpatient without a diagnosis"] = (StatusCode.InvalidArgument, f => f.Settle(r => { Stay(r); r.Visit.DiagnosisCode = ""; })),
        ["settle, inpatient diagnosis not ICD-10"] = (StatusCode.InvalidArgument, f => f.Settle(r => { Stay(r); r.Visit.DiagnosisCode = "pneumonia"; })),
        ["settle, discharge before admission"] = (StatusCode.InvalidArgument, f => f.Settle(r => { Stay(r); r.Visit.AdmissionDate = ChinaClock.Format(Today); })),
        ["settle, inpatient service date other than the discharge date"] = (StatusCode.InvalidArgument, f => f.Settle(r => { Stay(r); r.ServiceDate = ChinaClock.Format(Today.AddDays(-2)); })),
        ["settle, outpatient with an admission date"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.Visit = new VisitDetail { AdmissionDate = r.ServiceDate })),
        ["settle, amount other than quantity × unit price"] = (StatusCode.InvalidArgument, f => f.Settle(r => { r.Items[0].Quantity = 2; r.Items[0].UnitPriceFen = 7; r.Items[0].AmountFen = 15; })),
        ["settle, negative unit price"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.Items[0].UnitPriceFen = -1)),
        ["settle, quantity × unit price over the limit"] = (StatusCode.InvalidArgument, f => f.Settle(r => { r.Items[0].Quantity = 2; r.Items[0].UnitPriceFen = 10_000_000_000; r.Items[0].AmountFen = 0; })),
        ["settle, visit type unspecified"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.VisitType = VisitType.Unspecified)),
        ["settle, visit type unknown number"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.VisitType = (VisitType)7)),
        ["settle, item category unspecified"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.Items[2].Category = ItemCategory.Unspecified)),
        ["settle, care region of 5 digits"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.CareRegionCode = "52010")),
        ["settle, care region with letters"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.CareRegionCode = "52O1O2")),
        ["settle, care region of 7 digits"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.CareRegionCode = "5201020")),
        ["settle, request id of 129 characters"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.RequestId = new string('r', 129))),
        ["get settlement, id with a slash"] = (StatusCode.InvalidArgument, f => f.Settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = "../etc" }).ResponseAsync),
        ["settle, empty request id"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.RequestId = "")),
        ["settle, person id with a space"] = (StatusCode.InvalidArgument, f => f.Settle(r => r.PersonId = "bad active")),
        ["list settlements, period 2026-13"] = (StatusCode.InvalidArgument, f => f.List(Care, "2026-13", 10)),
        ["list settlements, period 2026-1"] = (StatusCode.InvalidArgument, f => f.List(Care, "2026-1", 10)),
        ["list settlements, period 202601"] = (StatusCode.InvalidArgument, f => f.List(Care, "202601", 10)),
        ["list settlements, bad region code"] = (StatusCode.InvalidArgument, f => f.List("ABCDEF", ChinaClock.Period(Today), 10)),
        ["list settlements, page size 1001"] = (StatusCode.InvalidArgument, f => f.List(Care, ChinaClock.Period(Today), 1001)),
        ["list settlements, negative page size"] = (StatusCode.InvalidArgument, f => f.List(Care, ChinaClock.Period(Today), -1)),
        ["list settlements, forged page token"] = (StatusCode.InvalidArgument, f => f.Settlements.ListSettlementsAsync(new ListSettlementsRequest { RegionCode = Care, Period = ChinaClock.Period(Today), PageToken = "!!not-a-token!!" }).ResponseAsync),
        ["enrol, scheme unspecified"] = (StatusCode.InvalidArgument, f => f.Registry.EnrollPersonAsync(new EnrollPersonRequest { RequestId = Id(), PersonId = "newcomer", InsuredRegionCode = Insured, Scheme = Scheme.Unspecified, Category = PersonCategory.Active }).ResponseAsync),
        ["enrol, category unspecified"] = (StatusCode.InvalidArgument, f => f.Registry.EnrollPersonAsync(new EnrollPersonRequest { RequestId = Id(), PersonId = "newcomer", InsuredRegionCode = Insured, Scheme = Scheme.Resident, Category = PersonCategory.Unspecified }).ResponseAsync),
        ["enrol, bad region code"] = (StatusCode.InvalidArgument, f => f.Registry.EnrollPersonAsync(new EnrollPersonRequest { RequestId = Id(), PersonId = "newcomer", InsuredRegionCode = "51010", Scheme = Scheme.Resident, Category = PersonCategory.Active }).ResponseAsync),
        ["contribution, negative employer part"] = (StatusCode.InvalidArgument, f => f.Registry.RecordContributionAsync(new RecordContributionRequest { RequestId = Id(), PersonId = "bad-active", Period = ChinaClock.Period(Today), EmployerFen = -1, IndividualFen = 100 }).ResponseAsync),
        ["contribution, zero in total"] = (StatusCode.InvalidArgument, f => f.Registry.RecordContributionAsync(new RecordContributionRequest { RequestId = Id(), PersonId = "bad-active", Period = ChinaClock.Period(Today) }).ResponseAsync),
        ["contribution, bad period"] = (StatusCode.InvalidArgument, f => f.Registry.RecordContributionAsync(new RecordContributionRequest { RequestId = Id(), PersonId = "bad-active", Period = "2026-00", EmployerFen = 100 }).ResponseAsync),
        ["registration, valid_to before valid_from"] = (StatusCode.InvalidArgument, f => f.Registry.FileRegistrationAsync(new FileRegistrationRequest { RequestId = Id(), PersonId = "bad-active", CareRegionCode = OtherCare, ValidFrom = "2025-06-02", ValidTo = "2025-06-01" }).ResponseAsync),
        ["registration, bad date"] = (StatusCode.InvalidArgument, f => f.Registry.FileRegistrationAsync(new FileRegistrationRequest { RequestId = Id(), PersonId = "bad-active", CareRegionCode = OtherCare, ValidFrom = "2025-02-29", ValidTo = "2025-06-01" }).ResponseAsync),
        ["get person, negative year"] = (StatusCode.InvalidArgument, f => f.Registry.GetPersonAsync(new GetPersonRequest { PersonId = "bad-active", Year = -1 }).ResponseAsync),
        ["policy, ratio over 10000 bp"] = (StatusCode.InvalidArgument, f => f.Registry.PublishPolicyAsync(new PublishPolicyRequest { RequestId = Id(), RegionCode = Insured, EffectiveFrom = ChinaClock.Format(Today), Policy = WithFirstRatio(10_001) }).ResponseAsync),
        ["policy, no schemes"] = (StatusCode.InvalidArgument, f => f.Registry.PublishPolicyAsync(new PublishPolicyRequest { RequestId = Id(), RegionCode = Insured, EffectiveFrom = ChinaClock.Format(Today), Policy = new Policy() }).ResponseAsync),
        ["hospital, level 4"] = (StatusCode.InvalidArgument, f => f.Registry.RegisterHospitalAsync(new RegisterHospitalRequest { RequestId = Id(), RegionCode = Care, HospitalCode = "BAD-NEW", Name = "New", Level = 4 }).ResponseAsync),
        ["reverse, bad care region code"] = (StatusCode.InvalidArgument, f => f.Reverse(f.SettledId, "5201")),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_bad_request_gets_its_status_code_and_leaves_nothing_behind(string name)
    {
        var (expected, call) = Cases[name];
        var before = await fixture.Database.CountsAsync();

        var refused = await Rpc.RefusedAsync(expected, () => call(fixture), name);

        Assert.False(string.IsNullOrWhiteSpace(refused.Status.Detail), $"{name}: the status carries no message");
        Assert.Equal(before, await fixture.Database.CountsAsync());
    }

    [Fact]
    public async Task The_unchanged_request_that_every_case_starts_from_is_accepted()
    {
        var before = await fixture.Database.CountsAsync();
        await fixture.Settle(_ => { });
        var after = await fixture.Database.CountsAsync();
        Assert.Equal(before with { Events = before.Events + 1, LedgerRows = before.LedgerRows + 1, RequestKeys = before.RequestKeys + 1 }, after);
    }

    [Fact]
    public async Task The_largest_visit_the_limits_allow_settles_to_the_fen()
    {
        // 1000 lines of 100 million yuan each, a request id of 128 characters: every limit at its bound.
        var request = new SettleRequest
        {
            RequestId = new string('q', 128), CareRegionCode = Care, HospitalCode = "BAD-H1", PersonId = "bad-big",
            VisitType = VisitType.Inpatient, ServiceDate = ChinaClock.Format(Today), Visit = Stays.Ending(Today), UsePersonalAccount = true,
        };
        var categories = new[] { ItemCategory.A, ItemCategory.B, ItemCategory.B, ItemCategory.C };
        request.Items.AddRange(Enumerable.Range(0, 1000).Select(i => new LineItem
        {
            Code = $"BIG{i}", Name = "big", Category = categories[i % 4], Quantity = 1_000_000, AmountFen = 10_000_000_000 - i,
        }));
        var settled = await fixture.Seed.SettleAsync(request);
        fixture.Seed.AssertNoMismatches();
        Assert.Equal(Enumerable.Range(0, 1000).Sum(i => 10_000_000_000L - i), settled.TotalFen);
        Assert.Equal(30_000_000, settled.FundPayFen); // the annual cap of the standard policy
    }

    [Fact]
    public async Task A_suspended_person_settles_again_once_reinstated()
    {
        var suspended = await fixture.Registry.SuspendPersonAsync(new SuspendPersonRequest { RequestId = Id(), PersonId = "bad-toggle", Reason = "contributions in arrears" });
        Assert.Equal(PersonStatus.Suspended, suspended.Status);
        var before = await fixture.Database.CountsAsync();
        await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => fixture.SettleCall(r => r.PersonId = "bad-toggle"), "suspended");
        Assert.Equal(before, await fixture.Database.CountsAsync());

        var reinstated = await fixture.Registry.ReinstatePersonAsync(new ReinstatePersonRequest { RequestId = Id(), PersonId = "bad-toggle" });
        Assert.Equal(PersonStatus.Active, reinstated.Status);
        await fixture.Settle(r => r.PersonId = "bad-toggle");
    }

    [Fact]
    public async Task The_standard_health_service_answers_serving()
    {
        var health = new Health.HealthClient(fixture.Host.Channel);
        var response = await health.CheckAsync(new HealthCheckRequest { Service = "" });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    private static string Id() => "bad-" + Guid.NewGuid().ToString("N");

    /// <summary>The request as an inpatient stay, complete with its detail, discharged on its service date.</summary>
    private static void Stay(SettleRequest request)
    {
        request.VisitType = VisitType.Inpatient;
        request.Visit = Stays.Ending(request.ServiceDate);
    }

    private static Policy WithFirstRatio(int ratioBp)
    {
        var policy = Policies.Standard();
        policy.Schemes[0].Rules[0].RatioBp = ratioBp;
        return policy;
    }

    /// <summary>
    /// Regions, policies, hospitals in three regions, four people (active, suspended, one to toggle, one
    /// whose region's policy does not cover the resident scheme)
    /// and two settlements (one of them reversed) for the cases to refer to.
    /// </summary>
    public sealed class Fixture : ClearinghouseFixture
    {
        public string SettledId { get; private set; } = "";
        public string ReversedSettlementId { get; private set; } = "";

        /// <summary>The seed's scenario; its model follows "bad-big" (and only that person's settlements).</summary>
        public Scenario Seed { get; private set; } = null!;

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "seed");
            Seed = scenario;
            await scenario.RegionAsync(Insured, "Chengdu Jinjiang");
            await scenario.RegionAsync(Care, "Guiyang Nanming");
            await scenario.RegionAsync(OtherCare, "Kunming Wuhua");
            await scenario.RegionAsync(ResidentOnlyElsewhere, "Lhasa Chengguan");
            await scenario.PolicyAsync(Insured, new DateOnly(Today.Year - 1, 1, 1), Policies.Standard());
            // A region whose policy covers only the employee scheme, and a resident insured there.
            var employeeOnly = Policies.Standard();
            employeeOnly.Schemes.RemoveAt(1);
            await scenario.PolicyAsync(ResidentOnlyElsewhere, new DateOnly(Today.Year - 1, 1, 1), employeeOnly);
            await scenario.PersonAsync("bad-resident", ResidentOnlyElsewhere, Scheme.Resident, PersonCategory.Active);
            await scenario.HospitalAsync("BAD-H1", Care, 1);
            await scenario.HospitalAsync("BAD-OTHER-H2", OtherCare, 2);
            await scenario.HospitalAsync("BAD-HOME-H3", Insured, 3);
            foreach (var person in new[] { "bad-active", "bad-suspended", "bad-toggle", "bad-big" })
            {
                await scenario.PersonAsync(person, Insured, Scheme.Employee, PersonCategory.Active);
                await scenario.ContributionAsync(person, ChinaClock.Period(Today), 100_000, 20_000);
            }
            var suspended = await Registry.SuspendPersonAsync(new SuspendPersonRequest { RequestId = Id(), PersonId = "bad-suspended", Reason = "left the scheme" });
            Assert.Equal(PersonStatus.Suspended, suspended.Status);

            SettledId = (await Settle(_ => { })).SettlementId;
            var toReverse = await Settle(_ => { });
            ReversedSettlementId = toReverse.SettlementId;
            await Settlements.ReverseAsync(new ReverseRequest { RequestId = Id(), SettlementId = toReverse.SettlementId, CareRegionCode = Care, Reason = "seed" });
        }

        /// <summary>A valid settle request of "bad-active" at BAD-H1 (care region 520102), after <paramref name="change"/>.</summary>
        public AsyncUnaryCall<Settlement> SettleCall(Action<SettleRequest> change)
        {
            var request = new SettleRequest
            {
                RequestId = Id(), CareRegionCode = Care, HospitalCode = "BAD-H1", PersonId = "bad-active",
                VisitType = VisitType.Outpatient, ServiceDate = ChinaClock.Format(Today.AddDays(-1)), UsePersonalAccount = true,
            };
            request.Items.Add(new LineItem { Code = "A1", Name = "consultation", Category = ItemCategory.A, Quantity = 1, AmountFen = 3_000 });
            request.Items.Add(new LineItem { Code = "B1", Name = "medicine", Category = ItemCategory.B, Quantity = 2, AmountFen = 4_555 });
            request.Items.Add(new LineItem { Code = "C1", Name = "private room", Category = ItemCategory.C, Quantity = 1, AmountFen = 1_200 });
            change(request);
            return Settlements.SettleAsync(request);
        }

        public async Task<Settlement> Settle(Action<SettleRequest> change) => await SettleCall(change);

        public async Task Reverse(string settlementId, string careRegion) =>
            await Settlements.ReverseAsync(new ReverseRequest { RequestId = Id(), SettlementId = settlementId, CareRegionCode = careRegion, Reason = "test" });

        public async Task List(string region, string period, int pageSize) =>
            await Settlements.ListSettlementsAsync(new ListSettlementsRequest { RegionCode = region, Period = period, PageSize = pageSize });
    }
}
