using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using static Clearinghouse.Integration.Tests.Support.ReportStream;

namespace Clearinghouse.Integration.Tests.Reconciliation;

/// <summary>
/// Every way a reconciliation call can be wrong gets its own status code and leaves nothing behind:
/// events, request keys, the reconciliation read models and the staging table are counted before and
/// after each. Each case changes one thing of a call that, unchanged, is accepted.
/// </summary>
public sealed class ReconciliationBadInputTests(ReconciliationBadInputTests.Fixture fixture) : IClassFixture<ReconciliationBadInputTests.Fixture>
{
    private const string Insured = "710102";
    private const string Care = "720102";
    private const string Nowhere = "799999";

    public sealed class Fixture : ClearinghouseFixture
    {
        /// <summary>Resolved by the seed: resolving it again differently is refused.</summary>
        public string ResolvedId { get; private set; } = "";

        /// <summary>The business day of the seed's settlement (the China-time day the host accepted it): every report is for it.</summary>
        public DateOnly Day { get; private set; }

        public string DayText => ChinaClock.Format(Day);

        protected override async Task SeedAsync()
        {
            var scenario = new Scenario(this, "recon-bad");
            await scenario.RegionAsync(Insured, "Hohhot Xincheng");
            await scenario.RegionAsync(Care, "Harbin Daoli");
            await scenario.PolicyAsync(Insured, new DateOnly(Today.Year - 1, 1, 1), Policies.Standard());
            await scenario.HospitalAsync("RB-H1", Care, 1);
            await scenario.PersonAsync("rb-1", Insured, Scheme.Resident, PersonCategory.Active);
            var settled = await Settlements.SettleAsync(new Visits(1).Next("settle-1", "rb-1", Care, "RB-H1", Today, VisitType.Outpatient, maxItems: 2));
            Day = ChinaClock.DateOfInstant(settled.AcceptedAt);
            var report = await Reconciliation.SubmitAsync(ValidReport("seed-report"));
            var discrepancy = Assert.Single(report.Discrepancies, d => d.RequestId == "X-1");
            ResolvedId = (await Reconciliation.ResolveDiscrepancyAsync(Resolution("seed-resolve", discrepancy.DiscrepancyId))).DiscrepancyId;
        }

        public Task Submit(Func<List<SubmitDailyReportRequest>, IEnumerable<SubmitDailyReportRequest>> change) =>
            Reconciliation.SubmitAsync(change(ValidReport("r-" + Guid.NewGuid().ToString("N"))));

        public List<SubmitDailyReportRequest> ValidReport(string requestId) =>
            [Header(requestId, Care, DayText), Entry("X-1", ReportEntryKind.Settlement, 100, 0), Entry("X-2", ReportEntryKind.Reversal, 0, 0)];

        public Task Submit(Action<DailyReportHeader> changeHeader, Action<ReportEntry>? changeEntry = null) => Submit(messages =>
        {
            changeHeader(messages[0].Header);
            changeEntry?.Invoke(messages[1].Entry);
            return messages;
        });

        public Task<Discrepancy> Resolve(Action<ResolveDiscrepancyRequest> change) => ResolveAs(TestCallers.Officer.Scope, change);

        /// <summary>A resolution sent by another officer than the one who resolved the seed's discrepancy.</summary>
        public Task<Discrepancy> ResolveAs(string officer, Action<ResolveDiscrepancyRequest> change)
        {
            var request = Resolution("res-" + Guid.NewGuid().ToString("N"), ResolvedId);
            change(request);
            var client = new ReconciliationService.ReconciliationServiceClient(Host.ChannelFor(new Caller(CallerRole.Officer, officer)));
            return client.ResolveDiscrepancyAsync(request).ResponseAsync;
        }

        public Task<ListDiscrepanciesResponse> List(Action<ListDiscrepanciesRequest> change)
        {
            var request = new ListDiscrepanciesRequest { RegionCode = Care, Status = DiscrepancyStatus.Open, PageSize = 10 };
            change(request);
            return Reconciliation.ListDiscrepanciesAsync(request).ResponseAsync;
        }

        public Task<ReconciliationStatus> Status(string region, string period) =>
            Reconciliation.GetReconciliationStatusAsync(new GetReconciliationStatusRequest { CareRegionCode = region, Period = period }).ResponseAsync;
    }

    private static ResolveDiscrepancyRequest Resolution(string requestId, string discrepancyId) => new()
    {
        RequestId = requestId, DiscrepancyId = discrepancyId, Resolution = DiscrepancyResolution.AcceptClearinghouse, Note = "checked",
    };

    private static readonly Dictionary<string, (StatusCode Expected, Func<Fixture, Task> Call)> Cases = new()
    {
        // INVALID_ARGUMENT: the report stream's shape.
        ["submit, empty stream"] = (StatusCode.InvalidArgument, f => f.Submit(_ => [])),
        ["submit, entry before the header"] = (StatusCode.InvalidArgument, f => f.Submit(m => m.Skip(1).Concat(m.Take(1)))),
        ["submit, a second header"] = (StatusCode.InvalidArgument, f => f.Submit(m => m.Append(Header("another", Care, f.DayText)))),
        ["submit, empty message"] = (StatusCode.InvalidArgument, f => f.Submit(m => m.Append(new SubmitDailyReportRequest()))),
        ["submit, empty request id"] = (StatusCode.InvalidArgument, f => f.Submit(h => h.RequestId = "")),
        ["submit, request id of 129 characters"] = (StatusCode.InvalidArgument, f => f.Submit(h => h.RequestId = new string('r', 129))),
        ["submit, care region of 5 digits"] = (StatusCode.InvalidArgument, f => f.Submit(h => h.CareRegionCode = "72010")),
        ["submit, date 2026-02-30"] = (StatusCode.InvalidArgument, f => f.Submit(h => h.BusinessDate = "2026-02-30")),
        ["submit, empty date"] = (StatusCode.InvalidArgument, f => f.Submit(h => h.BusinessDate = "")),
        ["submit, future business date"] = (StatusCode.InvalidArgument, f => f.Submit(h => h.BusinessDate = ChinaClock.Format(f.Day.AddDays(2)))),
        ["submit, entry kind unspecified"] = (StatusCode.InvalidArgument, f => f.Submit(_ => { }, e => e.Kind = ReportEntryKind.Unspecified)),
        ["submit, entry kind unknown number"] = (StatusCode.InvalidArgument, f => f.Submit(_ => { }, e => e.Kind = (ReportEntryKind)7)),
        ["submit, negative fund amount"] = (StatusCode.InvalidArgument, f => f.Submit(_ => { }, e => e.FundPayFen = -1)),
        ["submit, account amount over the limit"] = (StatusCode.InvalidArgument, f => f.Submit(_ => { }, e => e.AccountPayFen = 10_000_000_001)),
        ["submit, entry without request id"] = (StatusCode.InvalidArgument, f => f.Submit(_ => { }, e => e.RequestId = "")),
        // INVALID_ARGUMENT: the unary calls.
        ["list, status unspecified"] = (StatusCode.InvalidArgument, f => f.List(r => r.Status = DiscrepancyStatus.Unspecified)),
        ["list, bad region code"] = (StatusCode.InvalidArgument, f => f.List(r => r.RegionCode = "ABCDEF")),
        ["list, page size 1001"] = (StatusCode.InvalidArgument, f => f.List(r => r.PageSize = 1001)),
        ["list, forged page token"] = (StatusCode.InvalidArgument, f => f.List(r => r.PageToken = "!!not-a-token!!")),
        ["resolve, resolution unspecified"] = (StatusCode.InvalidArgument, f => f.Resolve(r => r.Resolution = DiscrepancyResolution.Unspecified)),
        ["resolve, note of 501 characters"] = (StatusCode.InvalidArgument, f => f.Resolve(r => r.Note = new string('n', 501))),
        ["resolve, empty discrepancy id"] = (StatusCode.InvalidArgument, f => f.Resolve(r => r.DiscrepancyId = "")),
        ["resolve, empty request id"] = (StatusCode.InvalidArgument, f => f.Resolve(r => r.RequestId = "")),
        ["status, period 2026-13"] = (StatusCode.InvalidArgument, f => f.Status(Care, "2026-13")),
        ["status, bad region code"] = (StatusCode.InvalidArgument, f => f.Status("7201", "2026-01")),

        // NOT_FOUND.
        ["submit, unknown care region"] = (StatusCode.NotFound, f => f.Submit(h => h.CareRegionCode = Nowhere)),
        ["list, unknown region"] = (StatusCode.NotFound, f => f.List(r => r.RegionCode = Nowhere)),
        ["status, unknown region"] = (StatusCode.NotFound, f => f.Status(Nowhere, "2026-01")),
        ["resolve, unknown discrepancy"] = (StatusCode.NotFound, f => f.Resolve(r => r.DiscrepancyId = "0123456789abcdef0123456789abcdef")),

        // PERMISSION_DENIED: an officer resolves under their own name only.
        ["resolve, another officer's name"] = (StatusCode.PermissionDenied, f => f.Resolve(r => r.Officer = "zhao")),
        ["resolve, a name that is no officer's"] = (StatusCode.PermissionDenied, f => f.Resolve(r => r.Officer = " ")),

        // FAILED_PRECONDITION: a resolution is final.
        ["resolve, already resolved, other officer"] = (StatusCode.FailedPrecondition, f => f.ResolveAs("zhao", _ => { })),
        ["resolve, already resolved, other resolution"] = (StatusCode.FailedPrecondition, f => f.Resolve(r => r.Resolution = DiscrepancyResolution.WrittenOff)),

        // ALREADY_EXISTS: request ids are the care region's, across days and across services.
        ["submit, request id reused with other entries"] = (StatusCode.AlreadyExists, f => f.Submit(m => m.Take(2).Select((x, i) => i == 0 ? Header("seed-report", Care, f.DayText) : x))),
        ["submit, request id reused for another day"] = (StatusCode.AlreadyExists, f => f.Submit(m => m.Select((x, i) => i == 0 ? Header("seed-report", Care, ChinaClock.Format(f.Day.AddDays(-1))) : x))),
        ["submit, request id of a settlement"] = (StatusCode.AlreadyExists, f => f.Submit(h => h.RequestId = "settle-1")),
        ["resolve, request id reused with another officer"] = (StatusCode.AlreadyExists, f => f.ResolveAs("zhao", r => r.RequestId = "seed-resolve")),
        ["resolve, request id of the day's report"] = (StatusCode.AlreadyExists, f => f.Resolve(r => r.RequestId = "seed-report")),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_bad_call_gets_its_status_code_and_leaves_nothing_behind(string name)
    {
        var (expected, call) = Cases[name];
        var before = (await fixture.Database.CountsAsync(), await ReconciliationProbe.CountsAsync(fixture.ConnectionString));

        var refused = await Rpc.RefusedAsync(expected, () => call(fixture), name);

        Assert.False(string.IsNullOrWhiteSpace(refused.Status.Detail), $"{name}: the status carries no message");
        Assert.Equal(before, (await fixture.Database.CountsAsync(), await ReconciliationProbe.CountsAsync(fixture.ConnectionString)));
    }

    [Fact]
    public async Task The_unchanged_calls_that_every_case_starts_from_are_accepted()
    {
        var before = await ReconciliationProbe.CountsAsync(fixture.ConnectionString);
        var report = await fixture.Reconciliation.SubmitAsync(fixture.ValidReport("valid-" + Guid.NewGuid().ToString("N")));
        // The settlement is missing in the report; X-1 is found again (still resolved); X-2 is unknown.
        Assert.Equal(
            [(DiscrepancyKind.MissingInClearinghouse, "X-1", DiscrepancyStatus.Resolved), (DiscrepancyKind.MissingInClearinghouse, "X-2", DiscrepancyStatus.Open), (DiscrepancyKind.MissingInRegion, "settle-1", DiscrepancyStatus.Open)],
            report.Discrepancies.Select(d => (d.Kind, d.RequestId, d.Status)).Order());
        Assert.Equal(before with { Events = before.Events + 1, RequestKeys = before.RequestKeys + 1 }, await ReconciliationProbe.CountsAsync(fixture.ConnectionString));

        // The seed's resolution sent again is a retry: the same resolved discrepancy.
        var resolved = await fixture.Resolve(r => r.RequestId = "seed-resolve");
        Assert.Equal((fixture.ResolvedId, "X-1", DiscrepancyStatus.Resolved), (resolved.DiscrepancyId, resolved.RequestId, resolved.Status));
        // The open ones of the care region: the two this day's reports still disagree on, on one page.
        var open = await fixture.List(_ => { });
        Assert.Equal(
            [(DiscrepancyKind.MissingInClearinghouse, "X-2", fixture.DayText), (DiscrepancyKind.MissingInRegion, "settle-1", fixture.DayText)],
            open.Discrepancies.Select(d => (d.Kind, d.RequestId, d.BusinessDate)).Order());
        Assert.Equal("", open.NextPageToken);
        // The period's status: every day of the month, the report's day reconciled with those two open.
        var status = await fixture.Status(Care, ChinaClock.Period(fixture.Day));
        Assert.Equal(DateTime.DaysInMonth(fixture.Day.Year, fixture.Day.Month), status.Days.Count);
        var day = Assert.Single(status.Days, d => d.Reconciled);
        Assert.Equal((fixture.DayText, report.ReconciliationId, 0L, 2L, 1L, 2),
            (day.BusinessDate, day.ReconciliationId, day.MatchedCount, day.RegionEntryCount, day.ClearinghouseEntryCount, day.OpenDiscrepancyCount));
    }
}
