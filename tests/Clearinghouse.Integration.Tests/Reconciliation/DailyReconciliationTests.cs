using System.Globalization;
using Clearinghouse.Api.Identity;
using Clearinghouse.Grains.Abstractions;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Clearinghouse.Integration.Tests.Support.ReportStream;

namespace Clearinghouse.Integration.Tests.Reconciliation;

/// <summary>
/// A care region's business day of 1,000 ledger entries (900 settlements, 100 reversals), reported with
/// deliberate faults: exactly those are found, officers resolve them, a corrected report comes back
/// clean and the resolutions stand. The hosts' clock is set to a fixed day, so the whole class's intake
/// falls on one business day whenever it runs.
/// </summary>
public sealed class DailyReconciliationTests(DailyReconciliationTests.Fixture fixture) : IClassFixture<DailyReconciliationTests.Fixture>
{
    private const string Insured = "610102";
    private const string Care = "620102";
    private const string Hospital = "RECON-H1";
    private const string OtherCare = "630102";
    private const int People = 30;
    private const int SettlementCount = 900;
    private const int ReversalCount = 100;
    private static readonly DateOnly Day = new(2026, 3, 10);
    private static readonly string DayText = ChinaClock.Format(Day);
    private static readonly string StreamKey = $"reconciliation:{Care}:{DayText}";

    public sealed record LedgerEntry(string RequestId, ReportEntryKind Kind, long FundPayFen, long AccountPayFen)
    {
        public SubmitDailyReportRequest Line() => Entry(RequestId, Kind, FundPayFen, AccountPayFen);
    }

    public sealed class Fixture : ClearinghouseFixture
    {
        public ShiftedClock TestClock { get; } = new(new DateTimeOffset(Day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)));

        protected override TimeProvider? Clock => TestClock;

        public List<LedgerEntry> Ledger { get; } = [];

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "recon");
            await scenario.RegionAsync(Insured, "Xi'an Xincheng");
            await scenario.RegionAsync(Care, "Lanzhou Chengguan");
            await scenario.PolicyAsync(Insured, new DateOnly(2025, 1, 1), Policies.Standard());
            await scenario.HospitalAsync(Hospital, Care, 2);
            // Another care region's settlement under a request id the care region also uses, the same day:
            // request ids are per region, and no report of Care may see it.
            await scenario.RegionAsync(OtherCare, "Xining Chengdong");
            await scenario.HospitalAsync("RECON-H2", OtherCare, 1);
            for (var p = 0; p < People; p++)
            {
                await scenario.PersonAsync($"recon-{p}", Insured, Scheme.Resident, PersonCategory.Active);
            }
            await Settlements.SettleAsync(new Visits(1).Next("S-0001", "recon-0", OtherCare, "RECON-H2", Day, VisitType.Outpatient, maxItems: 2));
            // Settle concurrently, one caller per person; reverse the first ReversalCount settlements.
            var settled = await Task.WhenAll(Enumerable.Range(0, People).Select(async p =>
            {
                var visits = new Visits(7_000 + p);
                var mine = new List<Settlement>();
                for (var k = p; k < SettlementCount; k += People)
                {
                    mine.Add(await Settlements.SettleAsync(
                        visits.Next($"S-{k:D4}", $"recon-{p}", Care, Hospital, Day, VisitType.Outpatient, maxItems: 3)));
                }
                return mine;
            }));
            var settlements = settled.SelectMany(s => s).OrderBy(s => s.RequestId, StringComparer.Ordinal).ToList();
            Ledger.AddRange(settlements.Select(s => new LedgerEntry(s.RequestId, ReportEntryKind.Settlement, s.FundPayFen, s.AccountPayFen)));
            for (var i = 0; i < ReversalCount; i++)
            {
                var reversal = await Settlements.ReverseAsync(new ReverseRequest
                {
                    RequestId = $"V-{i:D4}", SettlementId = settlements[i].SettlementId, CareRegionCode = Care, Reason = "reconciliation test",
                });
                Ledger.Add(new LedgerEntry($"V-{i:D4}", ReportEntryKind.Reversal, reversal.FundPayFen, reversal.AccountPayFen));
            }
            Assert.All(settlements, s => Assert.Equal("2026-03", s.Period));
        }
    }

    /// <summary>The faulty report: 3 entries left out, 3 the clearinghouse never saw, 2 wrong amounts, 1 line twice.</summary>
    private static (List<SubmitDailyReportRequest> Lines, Dictionary<(DiscrepancyKind, string, ReportEntryKind), (long, long, long, long)> Expected)
        FaultyReport(IReadOnlyList<LedgerEntry> ledger)
    {
        var omitted = new HashSet<string> { "S-0150", "S-0600", "V-0042" };
        var lines = new List<SubmitDailyReportRequest>();
        var expected = new Dictionary<(DiscrepancyKind, string, ReportEntryKind), (long, long, long, long)>();
        foreach (var entry in ledger)
        {
            if (omitted.Contains(entry.RequestId))
            {
                expected[(DiscrepancyKind.MissingInRegion, entry.RequestId, entry.Kind)] = (0, 0, entry.FundPayFen, entry.AccountPayFen);
                continue;
            }
            var line = entry.RequestId switch
            {
                "S-0300" => entry with { FundPayFen = entry.FundPayFen + 1 },
                "V-0007" => entry with { AccountPayFen = entry.AccountPayFen + 250 },
                _ => entry,
            };
            if (line != entry)
            {
                expected[(DiscrepancyKind.AmountMismatch, entry.RequestId, entry.Kind)] = (line.FundPayFen, line.AccountPayFen, entry.FundPayFen, entry.AccountPayFen);
            }
            lines.Add(line.Line());
            if (entry.RequestId == "S-0500")
            {
                lines.Add(line.Line());
                expected[(DiscrepancyKind.DuplicateInReport, entry.RequestId, entry.Kind)] = (entry.FundPayFen, entry.AccountPayFen, entry.FundPayFen, entry.AccountPayFen);
            }
        }
        // Unknown to the clearinghouse: an unknown id, and a known id under the other kind.
        foreach (var (id, kind, fund) in new[] { ("X-0001", ReportEntryKind.Settlement, 1_234L), ("X-0002", ReportEntryKind.Reversal, 55L), ("S-0800", ReportEntryKind.Reversal, 10L) })
        {
            lines.Insert(lines.Count / 2, Entry(id, kind, fund, 0));
            expected[(DiscrepancyKind.MissingInClearinghouse, id, kind)] = (fund, 0, 0, 0);
        }
        return (lines, expected);
    }

    private static IEnumerable<SubmitDailyReportRequest> Report(string requestId, IEnumerable<SubmitDailyReportRequest> lines) =>
        lines.Prepend(Header(requestId, Care, DayText));

    private static Dictionary<(DiscrepancyKind, string, ReportEntryKind), (long, long, long, long)> Found(ReconciliationResult result) =>
        result.Discrepancies.ToDictionary(
            d => (d.Kind, d.RequestId, d.EntryKind),
            d => (d.RegionFundPayFen, d.RegionAccountPayFen, d.ClearinghouseFundPayFen, d.ClearinghouseAccountPayFen));

    [Fact]
    public async Task A_faulty_report_finds_exactly_its_faults_which_officers_resolve_and_a_corrected_report_comes_back_clean()
    {
        var ledger = fixture.Ledger;
        Assert.Equal(SettlementCount + ReversalCount, ledger.Count);
        var (lines, expected) = FaultyReport(ledger);
        var reconciliation = fixture.Reconciliation;

        // 1. The faulty report: exactly its nine faults, all open.
        var first = await reconciliation.SubmitAsync(Report("report-1", lines));
        Assert.Equal(expected, Found(first));
        Assert.Equal((995L, 1_001L, 1_000L, DayText, Care), (first.MatchedCount, first.RegionEntryCount, first.ClearinghouseEntryCount, first.BusinessDate, first.CareRegionCode));
        Assert.All(first.Discrepancies, d => Assert.Equal((DiscrepancyStatus.Open, first.ReconciliationId, DiscrepancyResolution.Unspecified, ""), (d.Status, d.ReconciliationId, d.Resolution, d.ResolvedAt)));
        Assert.Equal(first.Discrepancies.Count, first.Discrepancies.Select(d => d.DiscrepancyId).Distinct().Count());
        var afterFirst = await ReconciliationProbe.CountsAsync(fixture.ConnectionString);

        // 2. A retry gets the first answer and writes nothing; the same id with other content is refused.
        Assert.Equal(first, await reconciliation.SubmitAsync(Report("report-1", lines)));
        await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => reconciliation.SubmitAsync(Report("report-1", lines.Skip(1))), "report-1 with a line less");
        Assert.Equal(afterFirst, await ReconciliationProbe.CountsAsync(fixture.ConnectionString));
        Assert.Equal(["daily_report_reconciled_v1"], await ReconciliationProbe.StreamAsync(fixture.ConnectionString, StreamKey));

        // 3. What officers see: the open list (paged), the day's status, and what period close sees.
        var open = await ListAllAsync(DiscrepancyStatus.Open, pageSize: 4);
        Assert.Equal(first.Discrepancies.OrderBy(d => d.DiscrepancyId, StringComparer.Ordinal), open.OrderBy(d => d.DiscrepancyId, StringComparer.Ordinal));
        var status = await reconciliation.GetReconciliationStatusAsync(new GetReconciliationStatusRequest { CareRegionCode = Care, Period = "2026-03" });
        Assert.Equal(31, status.Days.Count);
        var day = Assert.Single(status.Days, d => d.BusinessDate == DayText);
        Assert.Equal((true, first.ReconciliationId, 995L, 9), (day.Reconciled, day.ReconciliationId, day.MatchedCount, day.OpenDiscrepancyCount));
        var openForClose = (await fixture.Host.Services.GetRequiredService<IOpenDiscrepancies>().ListOpenAsync("2026-03")).Where(d => d.BusinessDate == Day).ToList();
        Assert.Equal(open.Select(d => (d.DiscrepancyId, d.RequestId)).Order(), openForClose.Select(d => (d.DiscrepancyId, d.RequestId)).Order());
        Assert.All(openForClose, d => Assert.Equal((Care, Day), (d.CareRegionCode, d.BusinessDate)));
        Assert.Empty(await fixture.Host.Services.GetRequiredService<IOpenDiscrepancies>().ListOpenAsync("2026-04"));

        // 4. Officers resolve every one; who, how, why and when are kept.
        var resolvedAnswers = new List<Discrepancy>();
        foreach (var (discrepancy, i) in first.Discrepancies.Select((d, i) => (d, i)))
        {
            var before = fixture.TestClock.GetUtcNow();
            var resolved = await ResolveAsync($"resolve-{i}", discrepancy.DiscrepancyId, $"officer-{i % 2}");
            var after = fixture.TestClock.GetUtcNow();
            var resolvedAt = DateTimeOffset.Parse(resolved.ResolvedAt, CultureInfo.InvariantCulture);
            Assert.InRange(resolvedAt, before.AddMilliseconds(-1), after);
            Assert.Equal(discrepancy.Clone().With(d =>
            {
                d.Status = DiscrepancyStatus.Resolved;
                d.Resolution = DiscrepancyResolution.WrittenOff;
                d.Officer = $"officer-{i % 2}";
                d.Note = "agreed with the region";
                d.ResolvedAt = resolved.ResolvedAt;
            }), resolved);
            resolvedAnswers.Add(resolved);
        }
        var afterResolving = await ReconciliationProbe.CountsAsync(fixture.ConnectionString);

        // 5. Resolve is idempotent; a final resolution is not overwritten; unknown ids are not found.
        var target = first.Discrepancies[0].DiscrepancyId;
        Assert.Equal(resolvedAnswers[0], await ResolveAsync("resolve-0", target, "officer-0"));
        Assert.Equal(resolvedAnswers[0], await ResolveAsync("resolve-again", target, "officer-0"));
        await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => ResolveAsync("resolve-0", target, "officer-9"), "request id reused");
        // The same decision writes nothing, but under a reversal's request id of the region it is refused as any reuse is.
        await Rpc.RefusedAsync(StatusCode.AlreadyExists, () => ResolveAsync("V-0000", target, "officer-0"), "another request's id");
        await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => ResolveAsync("resolve-other", target, "officer-9"), "already resolved");
        await Rpc.RefusedAsync(StatusCode.NotFound, () => ResolveAsync("resolve-x", "0123456789abcdef0123456789abcdef", "officer-9"), "unknown");
        Assert.Equal(afterResolving, await ReconciliationProbe.CountsAsync(fixture.ConnectionString));
        Assert.Empty(await ListAllAsync(DiscrepancyStatus.Open, pageSize: 100));
        Assert.DoesNotContain(await fixture.Host.Services.GetRequiredService<IOpenDiscrepancies>().ListOpenAsync("2026-03"), d => d.BusinessDate == Day);
        Assert.Equal(resolvedAnswers.OrderBy(d => d.DiscrepancyId, StringComparer.Ordinal),
            (await ListAllAsync(DiscrepancyStatus.Resolved, pageSize: 2)).OrderBy(d => d.DiscrepancyId, StringComparer.Ordinal));

        // 6. The retried first report still answers as first answered (open), not as things stand now.
        Assert.Equal(first, await reconciliation.SubmitAsync(Report("report-1", lines)));

        // 7. The same faults reported again: same ids, still resolved. One new fault opens a new discrepancy.
        var again = await reconciliation.SubmitAsync(Report("report-2", lines.Append(Entry("X-0009", ReportEntryKind.Settlement, 9, 0))));
        Assert.Equal(resolvedAnswers.OrderBy(d => d.DiscrepancyId, StringComparer.Ordinal),
            again.Discrepancies.Where(d => d.RequestId != "X-0009").OrderBy(d => d.DiscrepancyId, StringComparer.Ordinal));
        var fresh = Assert.Single(again.Discrepancies, d => d.RequestId == "X-0009");
        Assert.Equal((DiscrepancyStatus.Open, again.ReconciliationId), (fresh.Status, fresh.ReconciliationId));

        // 8. The corrected report is clean; the resolutions stand; the open one is superseded.
        var corrected = await reconciliation.SubmitAsync(Report("report-3", ledger.Select(e => e.Line())));
        Assert.Empty(corrected.Discrepancies);
        Assert.Equal((1_000L, 1_000L, 1_000L), (corrected.MatchedCount, corrected.RegionEntryCount, corrected.ClearinghouseEntryCount));
        Assert.Equal(resolvedAnswers.OrderBy(d => d.DiscrepancyId, StringComparer.Ordinal),
            (await ListAllAsync(DiscrepancyStatus.Resolved, pageSize: 100)).OrderBy(d => d.DiscrepancyId, StringComparer.Ordinal));
        var superseded = Assert.Single(await ListAllAsync(DiscrepancyStatus.Superseded, pageSize: 100));
        Assert.Equal(fresh.DiscrepancyId, superseded.DiscrepancyId);
        await Rpc.RefusedAsync(StatusCode.FailedPrecondition, () => ResolveAsync("resolve-superseded", fresh.DiscrepancyId, "officer-0"), "superseded");
        status = await reconciliation.GetReconciliationStatusAsync(new GetReconciliationStatusRequest { CareRegionCode = Care, Period = "2026-03" });
        day = Assert.Single(status.Days, d => d.BusinessDate == DayText);
        Assert.Equal((corrected.ReconciliationId, 1_000L, 0), (day.ReconciliationId, day.MatchedCount, day.OpenDiscrepancyCount));
        Assert.Equal(
            ["daily_report_reconciled_v1", .. Enumerable.Repeat("discrepancy_resolved_v1", 9), "daily_report_reconciled_v1", "daily_report_reconciled_v1"],
            await ReconciliationProbe.StreamAsync(fixture.ConnectionString, StreamKey));

        // 9. Everything survives a restart: the day's grain rebuilds from its stream.
        await fixture.RestartHostAsync();
        Assert.Equal(first, await fixture.Reconciliation.SubmitAsync(Report("report-1", lines)));
        Assert.Equal(resolvedAnswers[1], await ResolveAsync("resolve-1", first.Discrepancies[1].DiscrepancyId, "officer-1"));
    }

    [Fact]
    public async Task The_same_report_sent_10_times_at_once_is_recorded_once_and_every_answer_is_the_first()
    {
        // The day before the fixture's intake: the ledger has nothing, so every line is missing there.
        const string EarlierDay = "2026-03-09";
        SubmitDailyReportRequest[] report =
        [
            Header("concurrent-report", Care, EarlierDay),
            Entry("Y-1", ReportEntryKind.Settlement, 10, 0),
            new SubmitDailyReportRequest { Entries = new ReportEntryBatch { Entries = { new ReportEntry { RequestId = "Y-2", Kind = ReportEntryKind.Reversal, FundPayFen = 5 } } } },
        ];
        var before = await ReconciliationProbe.CountsAsync(fixture.ConnectionString);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => fixture.Reconciliation.SubmitAsync(report)));

        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
        Assert.Equal([("Y-1", DiscrepancyKind.MissingInClearinghouse), ("Y-2", DiscrepancyKind.MissingInClearinghouse)],
            answers[0].Discrepancies.Select(d => (d.RequestId, d.Kind)).Order());
        Assert.Equal(["daily_report_reconciled_v1"], await ReconciliationProbe.StreamAsync(fixture.ConnectionString, $"reconciliation:{Care}:{EarlierDay}"));
        Assert.Equal(before with { Events = before.Events + 1, RequestKeys = before.RequestKeys + 1, Days = before.Days + 1, Discrepancies = before.Discrepancies + 2 },
            await ReconciliationProbe.CountsAsync(fixture.ConnectionString));
        // The same entries one per message are the same request: batching is not part of its identity.
        Assert.Equal(answers[0], await fixture.Reconciliation.SubmitAsync(
            [report[0], report[1], Entry("Y-2", ReportEntryKind.Reversal, 5, 0)]));
    }

    /// <summary>Resolves as the officer named, who names themselves in the request.</summary>
    private Task<Discrepancy> ResolveAsync(string requestId, string discrepancyId, string officer) =>
        new ReconciliationService.ReconciliationServiceClient(fixture.Host.ChannelFor(new Caller(CallerRole.Officer, officer)))
            .ResolveDiscrepancyAsync(new ResolveDiscrepancyRequest
            {
                RequestId = requestId, DiscrepancyId = discrepancyId, Resolution = DiscrepancyResolution.WrittenOff,
                Note = "agreed with the region", Officer = officer,
            }).ResponseAsync;

    private async Task<List<Discrepancy>> ListAllAsync(DiscrepancyStatus status, int pageSize)
    {
        var all = new List<Discrepancy>();
        var token = "";
        for (var page = 0; page < 1_000; page++)
        {
            var response = await fixture.Reconciliation.ListDiscrepanciesAsync(
                new ListDiscrepanciesRequest { RegionCode = Care, Status = status, PageSize = pageSize, PageToken = token });
            Assert.True(response.Discrepancies.Count <= pageSize);
            Assert.All(response.Discrepancies, d => Assert.Equal((Care, status), (d.CareRegionCode, d.Status)));
            // Only this test's day: the class's other tests report other days of the same region.
            all.AddRange(response.Discrepancies.Where(d => d.BusinessDate == DayText));
            token = response.NextPageToken;
            if (token.Length == 0)
            {
                Assert.Equal(all.Count, all.Select(d => d.DiscrepancyId).Distinct().Count());
                return all;
            }
        }
        throw new InvalidOperationException("the listing did not end within 1,000 pages");
    }
}

internal static class MessageExtensions
{
    public static T With<T>(this T message, Action<T> change)
    {
        change(message);
        return message;
    }
}
