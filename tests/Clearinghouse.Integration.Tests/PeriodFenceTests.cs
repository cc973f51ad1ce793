using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// A host that did not run the close still believes the old period is open. The write path's fence
/// refuses its settlement in that period; the person grain re-reads the open period and books the same
/// settlement in the new one. (A second host on the same database stands in for another silo.)
/// </summary>
public sealed class PeriodFenceTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    [Fact]
    public async Task A_host_that_missed_the_close_books_into_the_open_period()
    {
        var scenario = new Scenario(fixture, "fence");
        var visits = new Visits(7);
        var today = ChinaClock.Today;
        foreach (var region in new[] { "120101", "130102" })
        {
            await scenario.RegionAsync(region, "Region " + region);
            await scenario.PolicyAsync(region, new DateOnly(today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("H" + region, region, 2);
        }
        await scenario.PersonAsync("fence-a", "120101", Scheme.Employee, PersonCategory.Active);
        await scenario.PersonAsync("fence-b", "120101", Scheme.Resident, PersonCategory.Retired);

        await using var other = await RunningHost.StartAsync(fixture.ConnectionString);
        var first = await other.Settlements.SettleAsync(visits.Next("fence-1", "fence-b", "130102", "H130102", today));
        var period = first.Period;

        var closed = await fixture.Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "fence-close", Period = period });
        var second = await other.Settlements.SettleAsync(visits.Next("fence-2", "fence-b", "130102", "H130102", today));
        var reversal = await other.Settlements.ReverseAsync(new ReverseRequest { RequestId = "fence-3", SettlementId = first.SettlementId, CareRegionCode = "130102" });

        Assert.Equal(closed.NextPeriod, second.Period);
        Assert.Equal(closed.NextPeriod, reversal.Period);
        Assert.Equal((1L, 0L), (closed.SettlementCount, closed.ReversalCount));
        var statement = await fixture.Clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = "130102" });
        Assert.Equal(first.FundPayFen + first.AccountPayFen, statement.ReceivableTotalFen);
        // What the ledger lists agrees with what the answers said.
        Assert.Equal([second.SettlementId], (await scenario.ListAllAsync("130102", closed.NextPeriod, 10)).Select(s => s.SettlementId));
        Assert.Equal([first.SettlementId], (await scenario.ListAllAsync("130102", period, 10)).Select(s => s.SettlementId));
    }
}
