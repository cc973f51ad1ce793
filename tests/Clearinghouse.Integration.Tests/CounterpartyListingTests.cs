using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// ListSettlements and ListReversals with a counterparty: the server keeps only the rows between the region and
/// that counterparty (on either side), in commit order, and pages them as it pages the whole listing: across
/// pages the filtered listing is exactly the whole listing's rows with that counterparty, none skipped, none twice.
/// </summary>
public sealed class CounterpartyListingTests(ClearinghouseFixture fixture) : IClassFixture<ClearinghouseFixture>
{
    private const string Shenyang = "210102";
    private const string Changchun = "220102";
    private const string Harbin = "230102";
    private static readonly string[] Regions = [Shenyang, Changchun, Harbin];
    private const int PageSize = 4;

    [Fact]
    public async Task A_counterparty_filter_pages_exactly_the_rows_with_that_counterparty_and_refuses_a_malformed_code()
    {
        var scenario = new Scenario(fixture, "cp");
        var visits = new Visits(20_261_207);
        foreach (var region in Regions)
        {
            await scenario.RegionAsync(region, "Region " + region);
            await scenario.PolicyAsync(region, new DateOnly(fixture.Today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("CP-" + region, region, 2);
            await scenario.PersonAsync("cp-" + region, region, Scheme.Employee, PersonCategory.Active);
        }
        // Shenyang's settlements with Changchun and with Harbin interleave, on both sides: Shenyang cares for
        // their insured, and they care for Shenyang's.
        var settled = new List<Settlement>();
        var n = 0;
        for (var round = 0; round < 5; round++)
        {
            foreach (var (insured, care) in new[] { (Changchun, Shenyang), (Harbin, Shenyang), (Shenyang, Changchun), (Shenyang, Harbin), (Harbin, Changchun) })
            {
                settled.Add(await scenario.SettleAsync(visits.Next($"CP-{++n:D3}", "cp-" + insured, care, "CP-" + care, fixture.Today, maxItems: 3)));
            }
        }
        foreach (var settlement in settled.Where((_, i) => i % 3 == 0))
        {
            await scenario.ReverseAsync(settlement);
        }
        var period = settled[0].Period;

        var whole = await scenario.ListAllAsync(Shenyang, period, 100);
        var withChangchun = whole.Where(s => Counterparty(Shenyang, s.CareRegionCode, s.InsuredRegionCode) == Changchun).Select(s => s.SettlementId).ToList();
        Assert.Equal(10, withChangchun.Count);
        var (filtered, pages) = await ListSettlementsAsync(Shenyang, Changchun, period);
        Assert.Equal(withChangchun, filtered);
        Assert.True(pages >= withChangchun.Count / PageSize, $"{pages} pages of {PageSize} for {withChangchun.Count} settlements");
        // From the counterparty's side: the same settlements.
        Assert.Equal(withChangchun, (await ListSettlementsAsync(Changchun, Shenyang, period)).Ids);
        // A region with nothing between them: nothing.
        Assert.Empty((await fixture.Settlements.ListSettlementsAsync(new ListSettlementsRequest { RegionCode = Shenyang, Period = period, CounterpartyRegionCode = "990101" })).Settlements);

        var reversals = await ListReversalsAsync(Shenyang, "", period);
        var reversalsWithHarbin = reversals.Where(r => Counterparty(Shenyang, r.CareRegionCode, r.InsuredRegionCode) == Harbin).ToList();
        Assert.NotEmpty(reversalsWithHarbin);
        Assert.True(reversalsWithHarbin.Count < reversals.Count);
        Assert.Equal(reversalsWithHarbin, await ListReversalsAsync(Shenyang, Harbin, period));

        foreach (var malformed in new[] { "21010", "000000", "2101023", "abcdef" })
        {
            var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Settlements.ListSettlementsAsync(
                new ListSettlementsRequest { RegionCode = Shenyang, Period = period, CounterpartyRegionCode = malformed }), malformed);
            Assert.Contains("counterparty_region_code", refused.Status.Detail);
            await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Settlements.ListReversalsAsync(
                new ListReversalsRequest { RegionCode = Shenyang, Period = period, CounterpartyRegionCode = malformed }), malformed);
        }
    }

    private static string Counterparty(string region, string care, string insured) => care == region ? insured : care;

    private async Task<(List<string> Ids, int Pages)> ListSettlementsAsync(string region, string counterparty, string period)
    {
        var ids = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await fixture.Settlements.ListSettlementsAsync(new ListSettlementsRequest
            {
                RegionCode = region, Period = period, CounterpartyRegionCode = counterparty, PageSize = PageSize, PageToken = token,
            });
            Assert.True(page.Settlements.Count <= PageSize);
            Assert.All(page.Settlements, s => Assert.Equal(counterparty, Counterparty(region, s.CareRegionCode, s.InsuredRegionCode)));
            ids.AddRange(page.Settlements.Select(s => s.SettlementId));
            token = page.NextPageToken;
            Assert.True(++pages < 100, "the listing ends");
        }
        while (token.Length > 0);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        return (ids, pages);
    }

    private async Task<List<Reversal>> ListReversalsAsync(string region, string counterparty, string period)
    {
        var reversals = new List<Reversal>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await fixture.Settlements.ListReversalsAsync(new ListReversalsRequest
            {
                RegionCode = region, Period = period, CounterpartyRegionCode = counterparty, PageSize = 2, PageToken = token,
            });
            reversals.AddRange(page.Reversals);
            token = page.NextPageToken;
            Assert.True(++pages < 100, "the listing ends");
        }
        while (token.Length > 0);
        Assert.Equal(reversals.Count, reversals.Select(r => r.ReversalId).Distinct().Count());
        return reversals;
    }
}
