using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// The open period's running position: what each region's settlements and reversals add up to so far equals,
/// line for line, the statement the close then issues. And a reversal counts in the period it is booked in: a
/// settlement of a closed period reversed in the next is listed among that period's reversals and moves its
/// running position, not the closed one's.
/// </summary>
public sealed class PeriodPositionTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private const string Hohhot = "150102";
    private const string Harbin = "230102";
    private const string Kunming = "530102";
    private static readonly string[] Regions = [Hohhot, Harbin, Kunming];

    [Fact]
    public async Task The_running_position_is_the_statement_the_close_issues_and_a_late_reversal_counts_where_it_is_booked()
    {
        var scenario = new Scenario(fixture, "pos");
        var visits = new Visits(20_261_206);
        foreach (var region in Regions)
        {
            await scenario.RegionAsync(region, "Region " + region);
            await scenario.PolicyAsync(region, new DateOnly(fixture.Today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("POS-" + region, region, 2);
            await scenario.PersonAsync("pos-" + region, region, Scheme.Employee, PersonCategory.Active);
        }
        var clearing = fixture.Clearing;
        var period = (await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        foreach (var region in Regions)
        {
            var empty = await clearing.GetPeriodPositionAsync(new GetPeriodPositionRequest { RegionCode = region });
            Assert.Equal((period, region, 0L, 0), (empty.Period, empty.RegionCode, empty.NetFen, empty.Lines.Count));
        }
        await clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "pos-deposit", RegionCode = Hohhot, AmountFen = 30_000, BankReference = "POS-1" });

        // Each region's people are treated in the two others' hospitals; one settlement is reversed in the period.
        var settled = new List<Settlement>();
        var n = 0;
        foreach (var insured in Regions)
        {
            foreach (var careRegion in Regions.Where(r => r != insured))
            {
                for (var i = 0; i < 3; i++)
                {
                    settled.Add(await scenario.SettleAsync(visits.Next($"S-{++n:D3}", "pos-" + insured, careRegion, "POS-" + careRegion, fixture.Today, maxItems: 4)));
                }
            }
        }
        await fixture.Settlements.ReverseAsync(new ReverseRequest { RequestId = "V-001", SettlementId = settled[0].SettlementId, CareRegionCode = settled[0].CareRegionCode, Reason = "wrong patient" });

        var positions = new Dictionary<string, PeriodPosition>();
        foreach (var region in Regions)
        {
            positions[region] = await clearing.GetPeriodPositionAsync(new GetPeriodPositionRequest { RegionCode = region });
        }
        Assert.Equal(0L, positions.Values.Sum(p => p.NetFen));
        Assert.Equal(30_000, positions[Hohhot].PrepaymentBalanceFen);

        await clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "pos-close", Period = period });
        foreach (var region in Regions)
        {
            var statement = await clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = region });
            var position = positions[region];
            Assert.Equal(statement.Lines, position.Lines);
            Assert.Equal(
                (statement.ReceivableTotalFen, statement.PayableTotalFen, statement.NetFen, statement.PrepaymentDrawnFen, statement.AmountDueFen),
                (position.ReceivableTotalFen, position.PayableTotalFen, position.NetFen, position.ProspectivePrepaymentDrawnFen, position.ProspectiveAmountDueFen));
            Assert.Equal(statement.PrepaymentBalanceFen, position.PrepaymentBalanceFen - position.ProspectivePrepaymentDrawnFen);
        }

        // A settlement of the closed period reversed now is booked in the open one.
        var next = (await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        var late = settled[^1];
        var reversal = await fixture.Settlements.ReverseAsync(new ReverseRequest { RequestId = "V-002", SettlementId = late.SettlementId, CareRegionCode = late.CareRegionCode, Reason = "billed twice" });
        Assert.Equal(next, reversal.Period);
        Assert.Equal((late.PersonId, late.InsuredRegionCode, late.CareRegionCode, "V-002"),
            (reversal.PersonId, reversal.InsuredRegionCode, reversal.CareRegionCode, reversal.RequestId));
        var inNext = await fixture.Settlements.ListReversalsAsync(new ListReversalsRequest { RegionCode = late.CareRegionCode, Period = next });
        Assert.Equal([reversal], inNext.Reversals);
        Assert.Equal([reversal], (await fixture.Settlements.ListReversalsAsync(new ListReversalsRequest { RegionCode = late.InsuredRegionCode, Period = next })).Reversals);
        var inClosed = await fixture.Settlements.ListReversalsAsync(new ListReversalsRequest { RegionCode = settled[0].CareRegionCode, Period = period });
        Assert.Equal(["V-001"], inClosed.Reversals.Select(r => r.RequestId));
        Assert.Empty((await fixture.Settlements.ListReversalsAsync(new ListReversalsRequest { RegionCode = Kunming == late.CareRegionCode || Kunming == late.InsuredRegionCode ? Hohhot : Kunming, Period = next })).Reversals);

        var care = await clearing.GetPeriodPositionAsync(new GetPeriodPositionRequest { RegionCode = late.CareRegionCode });
        var line = Assert.Single(care.Lines);
        // The care region owes back what the reversal returns: a pair with more reversed than settled is booked the other way.
        Assert.Equal((late.InsuredRegionCode, 0L, late.FundPayFen + late.AccountPayFen, 0L, 1L),
            (line.CounterpartyRegionCode, line.ReceivableFen, line.PayableFen, line.SettlementCount, line.ReversalCount));
        Assert.Equal(-(late.FundPayFen + late.AccountPayFen), care.NetFen);
    }

    [Fact]
    public async Task A_position_or_a_listing_of_a_region_that_does_not_exist_is_not_found_and_a_malformed_one_invalid()
    {
        await Rpc.RefusedAsync(StatusCode.NotFound, () => fixture.Clearing.GetPeriodPositionAsync(new GetPeriodPositionRequest { RegionCode = "990101" }));
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Clearing.GetPeriodPositionAsync(new GetPeriodPositionRequest { RegionCode = "99010" }));
        await Rpc.RefusedAsync(StatusCode.NotFound, () => fixture.Settlements.ListReversalsAsync(new ListReversalsRequest { RegionCode = "990101", Period = "2026-01" }));
        await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Settlements.ListReversalsAsync(new ListReversalsRequest { RegionCode = Hohhot, Period = "2026-13" }));
    }
}
