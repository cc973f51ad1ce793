using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Reconciliation;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using static Clearinghouse.Integration.Tests.Support.ReportStream;

namespace Clearinghouse.Integration.Tests.ErrorPaths;

/// <summary>
/// ReconciliationService: a batch message over 10,000 entries is refused and leaves nothing behind (one of
/// exactly 10,000 is accepted), and two different reports of one care region and day submitted at once are
/// both recorded, the later replacing the earlier: the day ends as exactly one of them says. The hosts'
/// clock is set to a fixed day, so the settlements and the reports fall on one business day whenever it runs.
/// </summary>
public sealed class ReconciliationServiceErrorTests(ReconciliationServiceErrorTests.Fixture fixture) : IClassFixture<ReconciliationServiceErrorTests.Fixture>
{
    private const string Insured = "370102";
    private const string Care = "380102";
    private static readonly DateOnly Day = new(2026, 3, 10);
    private static readonly string DayText = ChinaClock.Format(Day);

    [Fact]
    public async Task A_batch_of_10001_entries_is_refused_and_leaves_nothing_behind_and_one_of_10000_is_accepted()
    {
        var before = (await fixture.Database.CountsAsync(), await ReconciliationProbe.CountsAsync(fixture.ConnectionString));

        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Reconciliation.SubmitAsync(
            [Header("batch-over", Fixture.Quiet, DayText), Batch(10_001)]));

        Assert.Equal("message 2 of the report holds 10001 entries; a batch holds at most 10000", refused.Status.Detail);
        Assert.Equal(before, (await fixture.Database.CountsAsync(), await ReconciliationProbe.CountsAsync(fixture.ConnectionString)));

        // The bound itself: 10,000 lines of one key the ledger does not hold.
        var accepted = await fixture.Reconciliation.SubmitAsync([Header("batch-at-bound", Fixture.Quiet, DayText), Batch(10_000)]);
        Assert.Equal((0L, 10_000L, 0L), (accepted.MatchedCount, accepted.RegionEntryCount, accepted.ClearinghouseEntryCount));
        Assert.Equal(
            [(DiscrepancyKind.MissingInClearinghouse, "DUP-1"), (DiscrepancyKind.DuplicateInReport, "DUP-1")],
            accepted.Discrepancies.Select(d => (d.Kind, d.RequestId)).Order());
    }

    [Fact]
    public async Task Two_different_reports_of_one_day_submitted_at_once_are_both_recorded_and_the_day_ends_as_the_later_says()
    {
        var s1 = fixture.Settled[0];
        var s2 = fixture.Settled[1];
        // X agrees with the ledger; Y omits s2 and reports a visit the clearinghouse never saw.
        SubmitDailyReportRequest[] x = [Header("report-x", Care, DayText), Line(s1), Line(s2)];
        SubmitDailyReportRequest[] y = [Header("report-y", Care, DayText), Line(s1), Entry("EXTRA-1", ReportEntryKind.Settlement, 700, 0)];
        var before = await ReconciliationProbe.CountsAsync(fixture.ConnectionString);

        var results = await Task.WhenAll(fixture.Reconciliation.SubmitAsync(x), fixture.Reconciliation.SubmitAsync(y));

        var (resultX, resultY) = (results[0], results[1]);
        Assert.Equal((2L, 2L, 2L), (resultX.MatchedCount, resultX.RegionEntryCount, resultX.ClearinghouseEntryCount));
        Assert.Empty(resultX.Discrepancies);
        Assert.Equal((1L, 2L, 2L), (resultY.MatchedCount, resultY.RegionEntryCount, resultY.ClearinghouseEntryCount));
        Assert.Equal(
            [(DiscrepancyKind.MissingInClearinghouse, "EXTRA-1", 700L, 0L), (DiscrepancyKind.MissingInRegion, s2.RequestId, 0L, s2.FundPayFen)],
            resultY.Discrepancies.Select(d => (d.Kind, d.RequestId, d.RegionFundPayFen, d.ClearinghouseFundPayFen)).Order());
        Assert.All(resultY.Discrepancies, d => Assert.Equal(DiscrepancyStatus.Open, d.Status));
        Assert.NotEqual(resultX.ReconciliationId, resultY.ReconciliationId);
        // Both reports are recorded, each under its own request id, with Y's two discrepancies; no report line
        // stays in the database.
        Assert.Equal(before with { Events = before.Events + 2, RequestKeys = before.RequestKeys + 2, Days = before.Days + 1, Discrepancies = before.Discrepancies + 2 }, await ReconciliationProbe.CountsAsync(fixture.ConnectionString));
        Assert.Equal(["daily_report_reconciled_v1", "daily_report_reconciled_v1"], await ReconciliationProbe.StreamAsync(fixture.ConnectionString, $"reconciliation:{Care}:{DayText}"));

        // Ids are time-ordered: the larger one was recorded last and is the day's result.
        var later = string.CompareOrdinal(resultX.ReconciliationId, resultY.ReconciliationId) > 0 ? resultX : resultY;
        var status = await fixture.Reconciliation.GetReconciliationStatusAsync(new GetReconciliationStatusRequest { CareRegionCode = Care, Period = "2026-03" });
        var day = status.Days.Single(d => d.BusinessDate == DayText);
        Assert.Equal((true, later.ReconciliationId, later.MatchedCount, later.RegionEntryCount, later.ClearinghouseEntryCount, later.Discrepancies.Count),
            (day.Reconciled, day.ReconciliationId, day.MatchedCount, day.RegionEntryCount, day.ClearinghouseEntryCount, day.OpenDiscrepancyCount));

        var open = await ListAsync(DiscrepancyStatus.Open);
        var superseded = await ListAsync(DiscrepancyStatus.Superseded);
        if (later == resultY)
        {
            Assert.Equal(resultY.Discrepancies.Select(d => d.DiscrepancyId).Order(), open.Select(d => d.DiscrepancyId).Order());
            Assert.Empty(superseded);
        }
        else
        {
            // X came last: what Y found is no longer found, so it is superseded, not left open.
            Assert.Empty(open);
            Assert.Equal(resultY.Discrepancies.Select(d => d.DiscrepancyId).Order(), superseded.Select(d => d.DiscrepancyId).Order());
        }
    }

    private async Task<IReadOnlyList<Discrepancy>> ListAsync(DiscrepancyStatus status) =>
        (await fixture.Reconciliation.ListDiscrepanciesAsync(new ListDiscrepanciesRequest { RegionCode = Care, Status = status, PageSize = 1_000 })).Discrepancies;

    private static SubmitDailyReportRequest Line(Settlement s) => Entry(s.RequestId, ReportEntryKind.Settlement, s.FundPayFen, s.AccountPayFen);

    private static SubmitDailyReportRequest Batch(int count)
    {
        var batch = new ReportEntryBatch();
        var entry = new ReportEntry { RequestId = "DUP-1", Kind = ReportEntryKind.Settlement, FundPayFen = 100, AccountPayFen = 0 };
        for (var i = 0; i < count; i++)
        {
            batch.Entries.Add(entry);
        }
        return new SubmitDailyReportRequest { Entries = batch };
    }

    public sealed class Fixture : ClearinghouseFixture
    {
        /// <summary>A care region with no intake: the batch reports go there.</summary>
        public const string Quiet = "390102";

        private readonly ShiftedClock _clock = new(new DateTimeOffset(Day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8)));

        protected override TimeProvider? Clock => _clock;

        /// <summary>Two settlements at 380102 on the day.</summary>
        public IReadOnlyList<Settlement> Settled { get; private set; } = [];

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "recon-err");
            await scenario.RegionAsync(Insured, "Jinan Shizhong");
            await scenario.RegionAsync(Care, "Zhengzhou Zhongyuan");
            await scenario.RegionAsync(Quiet, "Wuhan Jiang'an");
            await scenario.PolicyAsync(Insured, new DateOnly(2025, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("RE-H1", Care, 1);
            await scenario.PersonAsync("re-p1", Insured, Scheme.Resident, PersonCategory.Active);
            var settled = new List<Settlement>();
            foreach (var (id, amount) in new[] { ("re-visit-1", 30_000L), ("re-visit-2", 50_000L) })
            {
                var visit = new SettleRequest
                {
                    RequestId = id, CareRegionCode = Care, HospitalCode = "RE-H1", PersonId = "re-p1",
                    VisitType = VisitType.Inpatient, ServiceDate = DayText, Visit = Stays.Ending(DayText),
                };
                visit.Items.Add(new LineItem { Code = "A-1", Name = "ward", Category = ItemCategory.A, Quantity = 1, AmountFen = amount });
                settled.Add(await Settlements.SettleAsync(visit));
            }
            Settled = settled;
        }
    }
}
