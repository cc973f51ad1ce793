using Clearinghouse.Domain;
using Clearinghouse.Domain.Accounts;
using EntryCause = Clearinghouse.Domain.Accounts.EntryCause;
using PersonCategory = Clearinghouse.V1.PersonCategory;
using Scheme = Clearinghouse.V1.Scheme;
using VisitType = Clearinghouse.V1.VisitType;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Clearinghouse.Integration.Tests.Accounts;

/// <summary>
/// A region's pooled fund, on a real host: contributions, settlements and reversals of two insured regions' people
/// go through gRPC; the fund, read through its grain, shows what it booked plus what the ledger committed since,
/// which together are the fund's balance now, to the fen. Booking makes the unbooked part 0, across a period
/// close and across a read-model rebuild (the bookings name ledger ranges, which the rebuild keeps).
/// </summary>
public sealed class PooledAccountTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private const string Xian = "610102";
    private const string Yulin = "610802";
    private const string Hanzhong = "610702";
    private static readonly string[] Regions = [Xian, Yulin, Hanzhong];

    /// <summary>Each insured region's pooled fund as the test expects it: net fen and the movements that made it.</summary>
    private sealed class Expected
    {
        public Dictionary<string, (long Fen, long Count)> Funds { get; } = Regions.ToDictionary(r => r, _ => (0L, 0L));

        public void Move(string region, long fen)
        {
            if (fen != 0)
            {
                var (sum, count) = Funds[region];
                Funds[region] = (sum + fen, count + 1);
            }
        }
    }

    [Fact]
    public async Task Booked_plus_unbooked_is_the_funds_balance_and_booking_leaves_nothing_unbooked_across_a_close_and_a_rebuild()
    {
        var scenario = new Scenario(fixture, "pf");
        var visits = new Visits(20_261_206);
        var expected = new Expected();
        foreach (var region in Regions)
        {
            await scenario.RegionAsync(region, "Region " + region);
            await scenario.PolicyAsync(region, new DateOnly(fixture.Today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("PF-" + region, region, 2);
        }
        (string Person, string Region)[] people = [("pf-x1", Xian), ("pf-x2", Xian), ("pf-y1", Yulin)];
        await scenario.PersonAsync("pf-x1", Xian, Scheme.Employee, PersonCategory.Active);
        await scenario.PersonAsync("pf-x2", Xian, Scheme.Resident, PersonCategory.Retired);
        await scenario.PersonAsync("pf-y1", Yulin, Scheme.Employee, PersonCategory.Retired);

        var period = (await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        var settled = await MonthAsync(scenario, visits, expected, people, period, "a");
        var reversed = await ReverseAsync(scenario, expected, settled.First(s => s.Region == Xian && s.Settlement.FundPayFen > 0));
        var late = settled.Last(s => s.Region == Xian && s.Settlement.FundPayFen > 0 && s.Settlement != reversed);

        // Nothing booked yet: all of it is unbooked.
        foreach (var region in Regions)
        {
            var view = (await Pooled(region).GetAccount(AccountId.Pooled(region)))!;
            Assert.Equal(($"pooled:{region}", 0L, 0L, (DateTimeOffset?)null), (view.AccountId, view.BalanceFen, view.EntryCount, view.AsOf));
            Assert.Equal(expected.Funds[region], (view.UnbookedFen, view.UnbookedCount));
        }
        Assert.True(expected.Funds[Xian].Count > 3 && expected.Funds[Yulin].Count > 2, "both insured regions' funds moved");

        await BookAndCheckAsync(expected);
        var xianEntries = await Pooled(Xian).ListEntries(AccountId.Pooled(Xian), new EntryWindow(null, null, 0, 100));
        Assert.Equal([EntryCause.Contribution, EntryCause.Settlement, EntryCause.Reversal], xianEntries.Select(e => e.Cause));
        Assert.Equal(expected.Funds[Xian].Count, xianEntries.Sum(e => e.MovementCount));
        Assert.Single(xianEntries.Select(e => e.CauseId).Distinct());
        // Booking again with nothing new writes nothing.
        var again = await Pooled(Xian).BookCommitted();
        Assert.Equal(xianEntries.Length, again.EntryCount);

        // The period closes; the next one's movements and a late reversal of the closed period are booked too.
        await fixture.Clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "pf-close", Period = period });
        var next = (await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        Assert.NotEqual(period, next);
        var bookedBefore = expected.Funds.ToDictionary(f => f.Key, f => f.Value.Fen);
        var delta = new Expected();
        await MonthAsync(scenario, visits, delta, people, next, "b");
        await ReverseAsync(scenario, delta, late);
        foreach (var region in Regions)
        {
            var view = (await Pooled(region).GetAccount(AccountId.Pooled(region)))!;
            Assert.Equal(bookedBefore[region], view.BalanceFen);
            Assert.Equal(delta.Funds[region], (view.UnbookedFen, view.UnbookedCount));
            expected.Funds[region] = (expected.Funds[region].Fen + delta.Funds[region].Fen, expected.Funds[region].Count + delta.Funds[region].Count);
        }
        await BookAndCheckAsync(expected);

        // The rebuild empties and refills the ledger: what was booked stays booked, nothing is booked twice.
        var contributionRows = await LedgerRowsAsync("ledger_contributions");
        Assert.Equal(12, contributionRows.Count);
        await fixture.RestartHostAsync(() => ReadModelRebuilds.RunAsync(fixture.ConnectionString));
        Assert.Equal(contributionRows, await LedgerRowsAsync("ledger_contributions"));
        foreach (var region in Regions)
        {
            var view = (await Pooled(region).GetAccount(AccountId.Pooled(region)))!;
            Assert.Equal((expected.Funds[region].Fen, 0L, 0L), (view.BalanceFen, view.UnbookedFen, view.UnbookedCount));
        }
        var afterRebuild = await scenario.ContributionAsync("pf-x1", next, 10_000, 5_000);
        expected.Move(Xian, afterRebuild.PooledCreditFen);
        await BookAndCheckAsync(expected);
    }

    [Fact]
    public async Task A_sweep_books_a_fund_at_most_once_per_half_interval_and_BookCommitted_always_books()
    {
        const string Ankang = "610902";
        var scenario = new Scenario(fixture, "due");
        await scenario.RegionAsync(Ankang, "Ankang");
        await scenario.PolicyAsync(Ankang, new DateOnly(fixture.Today.Year - 1, 1, 1), Policies.Standard());
        await scenario.PersonAsync("due-1", Ankang, Scheme.Resident, PersonCategory.Active);
        var period = (await fixture.Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        var first = await scenario.ContributionAsync("due-1", period, 0, 30_000);
        var fund = Pooled(Ankang);

        await fund.BookDue(TimeSpan.FromHours(1));
        var second = await scenario.ContributionAsync("due-1", period, 0, 20_000);
        await fund.BookDue(TimeSpan.FromHours(1));
        var view = (await fund.GetAccount(AccountId.Pooled(Ankang)))!;
        Assert.Equal((first.PooledCreditFen, second.PooledCreditFen, 1L), (view.BalanceFen, view.UnbookedFen, view.UnbookedCount));

        view = await fund.BookCommitted();
        Assert.Equal((first.PooledCreditFen + second.PooledCreditFen, 0L, 2L), (view.BalanceFen, view.UnbookedFen, view.EntryCount));
    }

    [Fact]
    public async Task A_region_never_created_has_no_pooled_fund()
    {
        var unknown = Pooled("619999");
        Assert.Null(await unknown.GetAccount(AccountId.Pooled("619999")));
        Assert.Empty(await unknown.ListEntries(AccountId.Pooled("619999"), new EntryWindow(null, null, 0, 10)));
        var refused = await Assert.ThrowsAsync<RejectedException>(() => unknown.BookCommitted());
        Assert.Equal(RejectionCode.NotFound, refused.Code);
    }

    /// <summary>Books every fund and checks it: its balance is the expected one, nothing is unbooked, its entries add up to it.</summary>
    private async Task BookAndCheckAsync(Expected expected)
    {
        foreach (var region in Regions)
        {
            var view = await Pooled(region).BookCommitted();
            Assert.Equal((expected.Funds[region].Fen, 0L, 0L), (view.BalanceFen, view.UnbookedFen, view.UnbookedCount));
            var entries = await Pooled(region).ListEntries(AccountId.Pooled(region), new EntryWindow(null, null, 0, 1000));
            Assert.Equal(view.EntryCount, entries.Length);
            Assert.Equal(view.BalanceFen, entries.Sum(e => e.AmountFen));
            Assert.Equal(expected.Funds[region].Count, entries.Sum(e => e.MovementCount));
            Assert.Equal(region == Hanzhong ? null : view.AsOf, entries.LastOrDefault()?.BookedAt);
        }
    }

    /// <summary>Two contributions per person, then each person treated twice in each of the other regions' hospitals.</summary>
    private async Task<List<(string Region, Settlement Settlement)>> MonthAsync(
        Scenario scenario, Visits visits, Expected expected, (string Person, string Region)[] people, string period, string round)
    {
        foreach (var (person, region) in people)
        {
            foreach (var employer in new long[] { 80_000, 61_001 })
            {
                var contribution = await scenario.ContributionAsync(person, period, employer, 20_000);
                expected.Move(region, contribution.PooledCreditFen);
            }
        }
        var settled = new List<(string Region, Settlement Settlement)>();
        var n = 0;
        foreach (var (person, region) in people)
        {
            foreach (var care in Regions.Where(r => r != region))
            {
                for (var i = 0; i < 2; i++)
                {
                    var request = visits.Next($"pf-{round}-{person}-{++n}", person, care, "PF-" + care, fixture.Today, VisitType.Inpatient, maxItems: 4);
                    // Kept in the model, which later contributions' account balances depend on, but checked against
                    // it only before the close: after it the open period is ahead of the calendar month.
                    var model = scenario.Model.Compute(request);
                    var settlement = await fixture.Settlements.SettleAsync(request);
                    scenario.Model.ApplySettlement(settlement.SettlementId, model);
                    Assert.Equal(model.FundPayFen, settlement.FundPayFen);
                    expected.Move(region, -settlement.FundPayFen);
                    settled.Add((region, settlement));
                }
            }
        }
        return settled;
    }

    private static async Task<Settlement> ReverseAsync(Scenario scenario, Expected expected, (string Region, Settlement Settlement) settled)
    {
        var reversal = await scenario.ReverseAsync(settled.Settlement);
        Assert.Equal(settled.Settlement.FundPayFen, reversal.FundPayFen);
        expected.Move(settled.Region, reversal.FundPayFen);
        return settled.Settlement;
    }

    private IFundAccountGrain Pooled(string region) =>
        fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IFundAccountGrain>(AccountId.Pooled(region).ToString());

    /// <summary>A ledger table's rows with their commit sequence numbers, which a rebuild keeps.</summary>
    private async Task<List<string>> LedgerRowsAsync(string table)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select to_jsonb(t)::text from clearinghouse.{table} t order by seq", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
