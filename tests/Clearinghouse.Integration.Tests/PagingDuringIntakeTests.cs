using System.Collections.Concurrent;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// ListSettlements pages in commit order (the ledger's commit sequence), so a client paging while
/// settlements arrive never skips one: every settlement acknowledged before the client asked for the
/// listing's last page is on one of its pages, and no settlement is on two.
/// </summary>
public sealed class PagingDuringIntakeTests(PagingDuringIntakeTests.Fixture fixture) : IClassFixture<PagingDuringIntakeTests.Fixture>
{
    private const string Insured = "150102";
    private const string Care = "160102";
    private const int People = 32;
    private const int Settlements = 1_200;

    public sealed class Fixture : ClearinghouseFixture
    {
        public Scenario Scenario { get; private set; } = null!;

        protected override async Task SeedAsync()
        {
            Scenario = new Scenario(this, "paging");
            await Scenario.RegionAsync(Insured, "Baotou Donghe");
            await Scenario.RegionAsync(Care, "Hefei Yaohai");
            await Scenario.PolicyAsync(Insured, new DateOnly(Today.Year - 1, 1, 1), Policies.Standard());
            await Scenario.HospitalAsync("PAGE-H1", Care, 1);
            for (var i = 0; i < People; i++)
            {
                await Scenario.PersonAsync($"page-{i}", Insured, Scheme.Resident, PersonCategory.Active);
            }
        }
    }

    [Fact]
    public async Task Paging_while_settlements_arrive_skips_none_that_was_acknowledged_and_repeats_none()
    {
        var scenario = fixture.Scenario;
        var today = fixture.Today;
        var acknowledged = new ConcurrentQueue<string>();
        var period = "";
        var firstAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Intake: every person settles in turn, People at a time, until Settlements are acknowledged.
        var intake = Task.WhenAll(Enumerable.Range(0, People).Select(async p =>
        {
            var visits = new Visits(100 + p);
            for (var k = p; k < Settlements; k += People)
            {
                var settled = await scenario.SettleAsync(
                    visits.Next(scenario.NextRequestId("settle"), $"page-{p}", Care, "PAGE-H1", today, VisitType.Outpatient, maxItems: 3));
                period = settled.Period;
                acknowledged.Enqueue(settled.SettlementId);
                firstAcknowledged.TrySetResult();
            }
        }));

        // A client lists the care region's period, three rows a page, while intake runs. In commit order
        // new settlements keep joining the end, so a listing started during intake chases them and ends
        // once it has caught up with everything committed.
        await firstAcknowledged.Task;
        var acknowledgedAtStart = acknowledged.Count;
        var listings = 0;
        do
        {
            var (seen, acknowledgedBeforeLastPage) = await ListOnceAsync(period, () => acknowledged.ToArray());
            Assert.Equal(seen.Count, seen.Distinct().Count());
            var missing = acknowledgedBeforeLastPage.Except(seen).ToList();
            Assert.True(missing.Count == 0,
                $"listing {listings} skipped {missing.Count} settlement(s) acknowledged before its last page was asked for: {string.Join(", ", missing.Take(5))}");
            listings++;
        }
        while (!intake.IsCompleted && listings < 1_000);
        await intake;
        Assert.True(acknowledgedAtStart < Settlements / 2, $"the listing started only after {acknowledgedAtStart} of {Settlements} settlements: it did not overlap intake");

        // Once intake is over, a listing holds exactly every settlement.
        var (final, _) = await ListOnceAsync(period, () => acknowledged.ToArray());
        Assert.Equal(acknowledged.Order(), final.Order());
        Assert.Equal(Settlements, final.Count);
        // Every answer equalled what the reference model computed for its request.
        scenario.AssertNoMismatches();
    }

    /// <summary>
    /// Pages one listing to its end. Returns the ids seen, and which settlements had been acknowledged
    /// when the request that came back with an empty token was sent.
    /// </summary>
    private async Task<(List<string> Seen, string[] AcknowledgedBeforeLastPage)> ListOnceAsync(string period, Func<string[]> acknowledgedNow)
    {
        var seen = new List<string>();
        var token = "";
        for (var pages = 0; pages < 10_000; pages++)
        {
            var acknowledgedBefore = acknowledgedNow();
            var page = await fixture.Settlements.ListSettlementsAsync(
                new ListSettlementsRequest { RegionCode = Care, Period = period, PageSize = 3, PageToken = token });
            Assert.True(page.Settlements.Count <= 3);
            seen.AddRange(page.Settlements.Select(s => s.SettlementId));
            token = page.NextPageToken;
            if (token.Length == 0)
            {
                return (seen, acknowledgedBefore);
            }
        }
        throw new InvalidOperationException("a listing did not end within 10,000 pages");
    }
}
