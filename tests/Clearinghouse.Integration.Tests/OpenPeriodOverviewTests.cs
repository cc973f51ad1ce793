using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// The open period's overview lists every region, an idle one with zeros and its prepayment balance, and sends only
/// the pairs among the regions with the largest obligations when asked.
/// </summary>
public sealed class OpenPeriodOverviewTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private const string Jinan = "370102";
    private const string Zhengzhou = "410102";
    private const string Idle = "420102";

    [Fact]
    public async Task A_region_with_nothing_this_period_is_listed_with_zeros_and_its_balance()
    {
        var scenario = new Scenario(fixture, "ov");
        foreach (var region in new[] { Jinan, Zhengzhou, Idle })
        {
            await scenario.RegionAsync(region, "Region " + region);
            await scenario.PolicyAsync(region, new DateOnly(fixture.Today.Year - 1, 1, 1), Policies.Standard());
        }
        await scenario.HospitalAsync("OV-H", Zhengzhou, 2);
        await scenario.PersonAsync("ov-1", Jinan, Scheme.Employee, PersonCategory.Active);
        await scenario.SettleAsync(new Visits(5).Next("OV-1", "ov-1", Zhengzhou, "OV-H", fixture.Today, maxItems: 3));
        await fixture.Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "ov-deposit", RegionCode = Idle, AmountFen = 12_345, BankReference = "OV-1" });

        var overview = await fixture.Clearing.GetOpenPeriodOverviewAsync(new GetOpenPeriodOverviewRequest());

        Assert.Equal([Jinan, Zhengzhou, Idle], overview.Regions.Select(r => r.RegionCode));
        Assert.Equal(2, overview.RegionCount);
        var idle = overview.Regions.Single(r => r.RegionCode == Idle);
        Assert.Equal(new RegionOverview { RegionCode = Idle, PrepaymentBalanceFen = 12_345 }, idle);

        // The pairs among the N regions with the largest obligations only (a heat map's); regions and totals stay whole.
        var pair = Assert.Single(overview.Pairs);
        var two = await fixture.Clearing.GetOpenPeriodOverviewAsync(new GetOpenPeriodOverviewRequest { PairRegions = 2 });
        two.AsOf = overview.AsOf;
        Assert.Equal(overview, two);
        var one = await fixture.Clearing.GetOpenPeriodOverviewAsync(new GetOpenPeriodOverviewRequest { PairRegions = 1 });
        Assert.Empty(one.Pairs);
        Assert.Equal(overview.Regions, one.Regions);
        foreach (var bad in new[] { -1, 1_001 })
        {
            await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Clearing.GetOpenPeriodOverviewAsync(new GetOpenPeriodOverviewRequest { PairRegions = bad }));
        }
        Assert.Equal((Jinan, Zhengzhou), (pair.InsuredRegionCode, pair.CareRegionCode));
    }
}
