using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using static Clearinghouse.Integration.Tests.Support.ReportStream;

namespace Clearinghouse.Integration.Tests.Reconciliation;

/// <summary>
/// ListDiscrepancies narrowed to one business day by the server: across pages exactly that day's discrepancies
/// with the status asked, in the order the whole queue lists them, none skipped or repeated, even when the
/// day's discrepancies were found before and after another day's.
/// </summary>
public sealed class DiscrepancyDayFilterTests(DiscrepancyDayFilterTests.Fixture fixture) : IClassFixture<DiscrepancyDayFilterTests.Fixture>
{
    private const string Care = "640102";
    private static readonly DateOnly Day = new(2026, 3, 10);

    public sealed class Fixture : ClearinghouseFixture
    {
        public ShiftedClock TestClock { get; } = new(new DateTimeOffset(Day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)));

        protected override TimeProvider? Clock => TestClock;

        protected override async Task SeedAsync() => await new Scenario(this, "day").RegionAsync(Care, "Yinchuan Xingqing");
    }

    [Fact]
    public async Task The_day_filter_pages_exactly_that_days_discrepancies_and_refuses_a_malformed_date()
    {
        // Entries the clearinghouse never saw: each one a discrepancy. The 8th is reported again with more after
        // the 9th's report, so its discrepancies were found on both sides of the 9th's.
        await fixture.Reconciliation.SubmitAsync(Report("r-0308", "2026-03-08", "X-1", "X-2", "X-3"));
        await fixture.Reconciliation.SubmitAsync(Report("r-0309", "2026-03-09", "Y-1", "Y-2", "Y-3", "Y-4"));
        await fixture.Reconciliation.SubmitAsync(Report("r-0308b", "2026-03-08", "X-1", "X-2", "X-3", "X-4", "X-5"));

        var whole = await ListAsync("");
        Assert.Equal(9, whole.Count);
        foreach (var day in new[] { "2026-03-08", "2026-03-09" })
        {
            var filtered = await ListAsync(day);
            Assert.Equal(whole.Where(d => d.BusinessDate == day).Select(d => d.DiscrepancyId), filtered.Select(d => d.DiscrepancyId));
        }
        Assert.Equal(["X-1", "X-2", "X-3", "X-4", "X-5"], (await ListAsync("2026-03-08")).Select(d => d.RequestId).Order());
        Assert.Empty(await ListAsync("2026-03-10"));

        foreach (var malformed in new[] { "2026-3-8", "2026-03-32", "yesterday" })
        {
            var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Reconciliation.ListDiscrepanciesAsync(
                new ListDiscrepanciesRequest { RegionCode = Care, Status = DiscrepancyStatus.Open, BusinessDate = malformed }), malformed);
            Assert.Contains("business_date", refused.Status.Detail);
        }
    }

    private static IEnumerable<SubmitDailyReportRequest> Report(string requestId, string day, params string[] unseen) =>
        unseen.Select(id => Entry(id, ReportEntryKind.Settlement, 100, 0)).Prepend(Header(requestId, Care, day));

    /// <summary>Every page of the open queue (of one day, unless empty), two a page; fails on a repeat.</summary>
    private async Task<List<Discrepancy>> ListAsync(string day)
    {
        var all = new List<Discrepancy>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await fixture.Reconciliation.ListDiscrepanciesAsync(new ListDiscrepanciesRequest
            {
                RegionCode = Care, Status = DiscrepancyStatus.Open, BusinessDate = day, PageSize = 2, PageToken = token,
            });
            Assert.All(page.Discrepancies, d => Assert.True(day.Length == 0 || d.BusinessDate == day, $"{d.BusinessDate} listed for {day}"));
            all.AddRange(page.Discrepancies);
            token = page.NextPageToken;
            Assert.True(++pages < 100, "the listing ends");
        }
        while (token.Length > 0);
        Assert.Equal(all.Count, all.Select(d => d.DiscrepancyId).Distinct().Count());
        return all;
    }
}
