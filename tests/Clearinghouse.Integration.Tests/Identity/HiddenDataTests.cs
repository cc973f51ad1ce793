using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests.Identity;

/// <summary>
/// With four regions active in four provinces — a visit of a person insured in <see cref="Insured"/> at
/// <see cref="Own"/>, and one of a person insured in <see cref="FarInsured"/> at <see cref="Far"/> — every read
/// that region <see cref="Own"/> (or its province's platform) makes returns its own data or is refused:
/// nothing of the unrelated pair ever comes back.
/// </summary>
public sealed class HiddenDataTests(HiddenDataTests.Fixture fixture) : IClassFixture<HiddenDataTests.Fixture>
{
    private const string Own = "110101";
    private const string Insured = "130101";
    private const string Far = "120101";
    private const string FarInsured = "140101";

    public static TheoryData<string> Readers => ["region:110101", "platform:11"];

    private static Caller Reader(string name) => name == "platform:11" ? new(CallerRole.Platform, "11") : TestCallers.Region(Own);

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Its_own_settlements_list_and_read_and_nothing_else(string reader)
    {
        var settlements = new SettlementService.SettlementServiceClient(fixture.Host.ChannelFor(Reader(reader)));
        var period = ChinaClock.Period(fixture.Today);
        var listed = await settlements.ListSettlementsAsync(new ListSettlementsRequest { RegionCode = Own, Period = period, PageSize = 100 });
        Assert.Equal([fixture.OwnSettlement], listed.Settlements.Select(s => s.SettlementId));
        Assert.All(listed.Settlements, s => Assert.Contains(Own, new[] { s.CareRegionCode, s.InsuredRegionCode }));
        Assert.Equal(Own, (await settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = fixture.OwnSettlement })).CareRegionCode);

        await Denied(() => settlements.GetSettlementAsync(new GetSettlementRequest { SettlementId = fixture.FarSettlement }).ResponseAsync, "another pair's settlement");
        foreach (var region in new[] { Far, FarInsured })
        {
            await Denied(() => settlements.ListSettlementsAsync(new ListSettlementsRequest { RegionCode = region, Period = period }).ResponseAsync, $"list {region}");
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Every_other_read_of_an_unrelated_region_is_refused(string reader)
    {
        var channel = fixture.Host.ChannelFor(Reader(reader));
        var registry = new RegistryService.RegistryServiceClient(channel);
        var clearing = new ClearingService.ClearingServiceClient(channel);
        var reconciliation = new ReconciliationService.ReconciliationServiceClient(channel);
        var period = ChinaClock.Period(fixture.Today);

        Assert.Equal(Own, (await registry.GetPersonAsync(new GetPersonRequest { PersonId = "h-own" })).InsuredRegionCode);
        await Denied(() => registry.GetPersonAsync(new GetPersonRequest { PersonId = "h-far" }).ResponseAsync, "a person of another region");
        await Denied(() => registry.GetPersonAsync(new GetPersonRequest { PersonId = "h-insured" }).ResponseAsync, "the insured person of its own visit (insured elsewhere)");
        await Denied(() => clearing.GetPrepaymentBalanceAsync(new GetPrepaymentBalanceRequest { RegionCode = Far }).ResponseAsync, "balance");
        await Denied(() => clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Far }).ResponseAsync, "statement");
        await Denied(() => clearing.ListStatementsAsync(new ListStatementsRequest { Period = period }).ResponseAsync, "every statement");
        await Denied(() => clearing.ListTransfersAsync(new ListTransfersRequest { Period = period }).ResponseAsync, "every transfer");
        await Denied(() => clearing.GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = period }).ResponseAsync, "the summary of every region");
        await Denied(() => reconciliation.ListDiscrepanciesAsync(new ListDiscrepanciesRequest { RegionCode = Far }).ResponseAsync, "discrepancies");
        await Denied(() => reconciliation.GetReconciliationStatusAsync(new GetReconciliationStatusRequest { CareRegionCode = Far, Period = period }).ResponseAsync, "reconciliation status");
        await Denied(async () =>
        {
            using var watch = clearing.WatchPeriods(new WatchPeriodsRequest { RegionCode = Far }, deadline: DateTime.UtcNow.AddSeconds(5));
            await watch.ResponseStream.MoveNext();
        }, "watch");
    }

    private static Task Denied(Func<Task> call, string what) => Rpc.RefusedAsync(StatusCode.PermissionDenied, call, what);

    public sealed class Fixture : ClearinghouseFixture
    {
        public string OwnSettlement { get; private set; } = "";
        public string FarSettlement { get; private set; } = "";

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "hidden");
            foreach (var (code, name) in new[] { (Own, "Beijing Dongcheng"), (Far, "Tianjin Heping"), (Insured, "Shijiazhuang Chang'an"), (FarInsured, "Taiyuan Xiaodian") })
            {
                await scenario.RegionAsync(code, name);
                await scenario.PolicyAsync(code, new DateOnly(Today.Year - 1, 1, 1), Policies.Standard());
            }
            await scenario.HospitalAsync("HID-OWN", Own, 1);
            await scenario.HospitalAsync("HID-FAR", Far, 1);
            foreach (var (person, region) in new[] { ("h-insured", Insured), ("h-far", FarInsured), ("h-own", Own) })
            {
                await scenario.PersonAsync(person, region, Scheme.Employee, PersonCategory.Active);
                await scenario.ContributionAsync(person, ChinaClock.Period(Today), 100_000, 20_000);
            }
            OwnSettlement = (await Settlements.SettleAsync(Visit("h-insured", Own, "HID-OWN"))).SettlementId;
            FarSettlement = (await Settlements.SettleAsync(Visit("h-far", Far, "HID-FAR"))).SettlementId;
        }

        private SettleRequest Visit(string person, string care, string hospital)
        {
            var request = new SettleRequest
            {
                RequestId = "hidden-" + Guid.NewGuid().ToString("N"), CareRegionCode = care, HospitalCode = hospital, PersonId = person,
                VisitType = VisitType.Outpatient, ServiceDate = ChinaClock.Format(Today.AddDays(-1)), UsePersonalAccount = true,
            };
            request.Items.Add(new LineItem { Code = "A1", Name = "consultation", Category = ItemCategory.A, Quantity = 1, AmountFen = 3_000 });
            return request;
        }
    }
}
