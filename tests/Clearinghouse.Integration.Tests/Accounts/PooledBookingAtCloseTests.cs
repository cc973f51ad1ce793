using System.Diagnostics;
using Clearinghouse.Domain.Accounts;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PersonCategory = Clearinghouse.V1.PersonCategory;
using Scheme = Clearinghouse.V1.Scheme;
using VisitType = Clearinghouse.V1.VisitType;

namespace Clearinghouse.Integration.Tests.Accounts;

/// <summary>
/// With the sweep on (an interval longer than the test, so its timer never fires), a period close books every
/// region's pooled fund by itself: nothing is booked before the close, and after it the fund holds the period's
/// movements with nothing unbooked.
/// </summary>
public sealed class PooledBookingAtCloseTests(PooledBookingAtCloseTests.Fixture fixture) : IClassFixture<PooledBookingAtCloseTests.Fixture>
{
    private const string Insured = "620102";
    private const string Care = "620202";

    public sealed class Fixture : ClearinghouseFixture
    {
        protected override void ConfigureHost(WebApplicationBuilder builder) =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Clearinghouse:PooledBooking:Interval"] = "01:00:00" });
    }

    [Fact]
    public async Task A_period_close_books_every_regions_pooled_fund()
    {
        var scenario = new Scenario(fixture, "pc");
        foreach (var region in new[] { Insured, Care })
        {
            await scenario.RegionAsync(region, "Region " + region);
            await scenario.PolicyAsync(region, new DateOnly(fixture.Today.Year - 1, 1, 1), Policies.Standard());
        }
        await scenario.HospitalAsync("PC-H", Care, 3);
        await scenario.PersonAsync("pc-1", Insured, Scheme.Resident, PersonCategory.Active);
        var period = (await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        var contribution = await scenario.ContributionAsync("pc-1", period, 0, 50_000);
        var settlement = await scenario.SettleAsync(new Visits(620).Next("pc-s1", "pc-1", Care, "PC-H", fixture.Today, VisitType.Inpatient, false, maxItems: 3));
        var expected = contribution.PooledCreditFen - settlement.FundPayFen;
        var fund = fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IFundAccountGrain>(AccountId.Pooled(Insured).ToString());
        var before = (await fund.GetAccount(AccountId.Pooled(Insured)))!;
        Assert.Equal((0L, 0L, expected), (before.EntryCount, before.BalanceFen, before.UnbookedFen));

        await fixture.Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "pc-close", Period = period });

        // The close reaches the sweep through the period notices, after the close has answered: wait for it, bounded.
        var deadline = Stopwatch.StartNew();
        AccountView after;
        while ((after = (await fund.GetAccount(AccountId.Pooled(Insured)))!).EntryCount == 0 && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
        Assert.Equal((expected, 0L, 0L), (after.BalanceFen, after.UnbookedFen, after.UnbookedCount));
        Assert.Equal(settlement.FundPayFen > 0 ? 2 : 1, after.EntryCount);
    }
}
