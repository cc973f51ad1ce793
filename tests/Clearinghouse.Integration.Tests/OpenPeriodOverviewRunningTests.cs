using Clearinghouse.Grains.Storage;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// The open period's overview is kept running per host (docs/console.md, "At scale"): summed from scratch once,
/// then brought up to date with the rows committed since. Its figures must equal a sum from scratch over the
/// ledger after every change: more settlements, a reversal, a read with nothing new, concurrent readers, a
/// period cut-off, and a reversal booked in the new period of a settlement of the closed one.
/// </summary>
public sealed class OpenPeriodOverviewRunningTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private static readonly string[] Regions = ["370202", "410202", "420202"];
    private int _visits;

    [Fact]
    public async Task The_running_overview_equals_a_sum_from_scratch_through_settlements_reversals_and_a_cut_off()
    {
        var scenario = new Scenario(fixture, "ovr");
        foreach (var region in Regions)
        {
            await scenario.RegionAsync(region, "Region " + region);
            await scenario.PolicyAsync(region, new DateOnly(fixture.Today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("OVR-H-" + region, region, 2);
            await scenario.PersonAsync("ovr-" + region, region, Scheme.Employee, PersonCategory.Active);
        }
        var visits = new Visits(20261206);
        var firstBatch = await SettleAsync(visits, 6);
        var first = await OverviewAsync();
        await AssertFromScratchAsync(first);
        Assert.Equal(6, first.SettlementCount);

        // More settlements and a reversal: only those rows are read, and the figures still equal the whole sum.
        await SettleAsync(visits, 5);
        await ReverseAsync(firstBatch[0]);
        var second = await OverviewAsync();
        await AssertFromScratchAsync(second);
        Assert.Equal((11L, 1L), (second.SettlementCount, second.ReversalCount));

        // Nothing new: the same figures. Concurrent readers share refreshes and read the same figures too.
        var again = await OverviewAsync();
        again.AsOf = second.AsOf;
        Assert.Equal(second, again);
        await SettleAsync(visits, 2);
        var together = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => OverviewAsync()));
        foreach (var overview in together)
        {
            overview.AsOf = together[0].AsOf;
            Assert.Equal(together[0], overview);
        }
        await AssertFromScratchAsync(together[0]);

        // The close sums the same rows: its gross is the running figure's.
        var closed = await fixture.Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "ovr-close", Period = first.Period, Force = true });
        Assert.Equal((together[0].GrossTotalFen, together[0].NetTotalFen), (closed.GrossTotalFen, closed.NetTotalFen));

        // After the cut-off, the new period from scratch, then running again; a reversal of a settlement of the closed
        // period is booked in the new one.
        var fresh = await OverviewAsync();
        Assert.NotEqual(first.Period, fresh.Period);
        Assert.Equal((0L, 0L, 0L), (fresh.SettlementCount, fresh.ReversalCount, fresh.GrossTotalFen));
        await AssertFromScratchAsync(fresh);
        await SettleAsync(visits, 3);
        await ReverseAsync(firstBatch[1]);
        var later = await OverviewAsync();
        await AssertFromScratchAsync(later);
        Assert.Equal((3L, 1L), (later.SettlementCount, later.ReversalCount));
    }

    /// <summary>Settles through the API alone: the scenario's model takes a period for a month, which a close moves on.</summary>
    private async Task<List<Settlement>> SettleAsync(Visits visits, int count)
    {
        var settled = new List<Settlement>();
        for (var i = 0; i < count; i++)
        {
            var n = Interlocked.Increment(ref _visits);
            var (insured, care) = (Regions[n % 3], Regions[(n + 1 + n / 3 % 2) % 3]);
            settled.Add(await fixture.Settlements.SettleAsync(visits.Next($"OVR-{n:D3}", "ovr-" + insured, care, "OVR-H-" + care, fixture.Today, maxItems: 3)));
        }
        return settled;
    }

    private Task<Reversal> ReverseAsync(Settlement settlement) =>
        fixture.Settlements.ReverseAsync(new ReverseRequest
        {
            RequestId = "ovr-reversal-" + settlement.RequestId, SettlementId = settlement.SettlementId, CareRegionCode = settlement.CareRegionCode, Reason = "correction",
        }).ResponseAsync;

    private Task<PeriodOverview> OverviewAsync() =>
        fixture.Clearing.GetOpenPeriodOverviewAsync(new GetOpenPeriodOverviewRequest()).ResponseAsync;

    /// <summary>The overview's pairs and totals against one aggregate query over the whole period's ledger rows.</summary>
    private async Task AssertFromScratchAsync(PeriodOverview overview)
    {
        var scratch = (await fixture.Host.Services.GetRequiredService<IObligationSource>().ReadAsync(overview.Period)).Where(p => !p.IsEmpty).ToList();
        Assert.Equal(
            scratch.Select(p => (p.InsuredRegionCode, p.CareRegionCode, p.GrossFen, p.SettlementCount, p.ReversalCount)),
            overview.Pairs.Select(p => (p.InsuredRegionCode, p.CareRegionCode, p.GrossFen, p.SettlementCount, p.ReversalCount)));
        Assert.Equal(scratch.Sum(p => p.GrossFen), overview.GrossTotalFen);
        Assert.Equal(scratch.Sum(p => p.SettlementCount), overview.SettlementCount);
        Assert.Equal(scratch.Sum(p => p.ReversalCount), overview.ReversalCount);
    }
}
