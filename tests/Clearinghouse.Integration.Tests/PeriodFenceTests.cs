using Clearinghouse.Grains.Clearing;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// A host that did not run the close still believes the old period is open. The write path's fence
/// refuses its settlement in that period (seen through a tap on that host's event log); the person grain
/// re-reads the open period and books the same settlement in the new one. (A second host on the same
/// database, a cluster of its own, stands in for a silo that missed the close.)
/// </summary>
public sealed class PeriodFenceTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    [Fact]
    public async Task A_host_that_missed_the_close_books_into_the_open_period()
    {
        var scenario = new Scenario(fixture, "fence");
        var visits = new Visits(7);
        var today = fixture.Today;
        foreach (var region in new[] { "120101", "130102" })
        {
            await scenario.RegionAsync(region, "Region " + region);
            await scenario.PolicyAsync(region, new DateOnly(today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("H" + region, region, 2);
        }
        await scenario.PersonAsync("fence-a", "120101", Scheme.Employee, PersonCategory.Active);
        await scenario.PersonAsync("fence-b", "120101", Scheme.Resident, PersonCategory.Retired);

        var tap = new EventLogTap();
        // Deaf to the database's period notices, so that it surely misses the close.
        await using var other = await RunningHost.StartAsync(fixture.ConnectionString, fixture.HostClock, builder =>
        {
            tap.Attach(builder);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Clearinghouse:Cluster:ListenForPeriodNotices"] = "false" });
        });
        var otherOpenPeriod = other.Services.GetRequiredService<OpenPeriodCache>();
        var first = await other.Settlements.SettleAsync(visits.Next("fence-1", "fence-b", "130102", "H130102", today));
        var period = first.Period;
        Assert.Empty(tap.PeriodRefusals);

        var closed = await fixture.Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "fence-close", Period = period });
        // The other host missed the close: it still takes the closed period for the open one.
        Assert.Equal(period, await otherOpenPeriod.CurrentAsync());
        var second = await other.Settlements.SettleAsync(visits.Next("fence-2", "fence-b", "130102", "H130102", today));
        // Its settlement was decided in the closed period and refused there by the fence, once; the retry
        // read the open period and booked it there.
        Assert.Equal([period], tap.PeriodRefusals.Select(r => r.Period));
        Assert.Equal(closed.NextPeriod, await otherOpenPeriod.CurrentAsync());
        var reversal = await other.Settlements.ReverseAsync(new ReverseRequest { RequestId = "fence-3", SettlementId = first.SettlementId, CareRegionCode = "130102" });

        Assert.Equal(closed.NextPeriod, second.Period);
        Assert.Equal(closed.NextPeriod, reversal.Period);
        Assert.Single(tap.PeriodRefusals);
        Assert.Equal((1L, 0L), (closed.SettlementCount, closed.ReversalCount));
        var statement = await fixture.Clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = "130102" });
        Assert.Equal(first.FundPayFen + first.AccountPayFen, statement.ReceivableTotalFen);
        // What the ledger lists agrees with what the answers said.
        Assert.Equal([second.SettlementId], (await scenario.ListAllAsync("130102", closed.NextPeriod, 10)).Select(s => s.SettlementId));
        Assert.Equal([first.SettlementId], (await scenario.ListAllAsync("130102", period, 10)).Select(s => s.SettlementId));
    }
}
