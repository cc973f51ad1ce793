using System.Globalization;
using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Grpc.Core;
using Npgsql;
using static Clearinghouse.Integration.Tests.Support.ReportStream;

namespace Clearinghouse.Integration.Tests.Audit;

/// <summary>
/// A scripted month written by several callers (two operators, two regions, a platform, two officers), then the
/// audit trail: ListActions names, for every write, who made it, what kind of event it recorded, under which
/// request, and which regions it concerns; filters by actor, region, kind and time return exactly their share;
/// retries and refused calls leave no action behind.
/// </summary>
public sealed class AuditTrailTests(AuditTrailTests.Fixture fixture) : IClassFixture<AuditTrailTests.Fixture>
{
    private const string Beijing = "110101";
    private const string Shanghai = "310101";
    private const string Guangzhou = "440103";

    private static readonly Caller OperatorLi = new(CallerRole.Operator, "li");
    private static readonly Caller OperatorZhang = new(CallerRole.Operator, "zhang");
    private static readonly Caller ShanghaiRegion = new(CallerRole.Region, Shanghai);
    private static readonly Caller BeijingRegion = new(CallerRole.Region, Beijing);
    private static readonly Caller GuangdongPlatform = new(CallerRole.Platform, "44");
    private static readonly Caller OfficerWang = new(CallerRole.Officer, "wang");
    private static readonly Caller OfficerZhao = new(CallerRole.Officer, "zhao");

    /// <summary>One expected action: who, what, under which request, concerning which regions.</summary>
    public sealed record Expected(string Actor, string Kind, string Scope, string RequestId, string Regions);

    public sealed class Fixture : ClearinghouseFixture
    {
        /// <summary>Every write of the script, as the audit trail must show it.</summary>
        public List<Expected> Script { get; } = [];

        /// <summary>The actions ListActions returned, newest first, paged 7 at a time.</summary>
        public List<ActionRecord> Listed { get; } = [];

        public RegistryService.RegistryServiceClient RegistryAs(Caller caller) => new(Host.ChannelFor(caller));

        public SettlementService.SettlementServiceClient SettlementsAs(Caller caller) => new(Host.ChannelFor(caller));

        public ClearingService.ClearingServiceClient ClearingAs(Caller caller) => new(Host.ChannelFor(caller));

        public ReconciliationService.ReconciliationServiceClient ReconciliationAs(Caller caller) => new(Host.ChannelFor(caller));

        public AuditService.AuditServiceClient Audit => new(Host.ChannelFor(TestCallers.Officer));

        protected override async Task SeedAsync()
        {
            await new MonthScript(this).RunAsync();
            var token = "";
            do
            {
                var page = await Audit.ListActionsAsync(new ListActionsRequest { PageSize = 7, PageToken = token });
                Listed.AddRange(page.Actions);
                token = page.NextPageToken;
            }
            while (token.Length > 0);
        }
    }

    [Fact]
    public void Every_write_of_the_month_is_listed_once_with_its_actor_kind_request_and_regions()
    {
        Assert.Equal(
            fixture.Script.Select(Describe).Order(StringComparer.Ordinal),
            fixture.Listed.Select(a => Describe(Of(a))).Order(StringComparer.Ordinal));
        // The script covered every kind of event there is.
        Assert.Equal(Domain.Events.EventKinds.All, fixture.Listed.Select(a => a.EventKind).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Actions_come_newest_first()
    {
        var instants = fixture.Listed.Select(a => Instant(a.AcceptedAt)).ToList();
        Assert.Equal(instants.OrderDescending(), instants);
    }

    [Fact]
    public async Task Every_stored_event_names_its_actor_and_has_one_action()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select (select count(*) from clearinghouse.mt_events where stream_id <> 'mt_tombstone'),
                   (select count(*) from clearinghouse.mt_events where stream_id <> 'mt_tombstone' and coalesce(data -> 'Request' ->> 'Actor', '') = ''),
                   (select count(*) from clearinghouse.audit_actions)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((fixture.Listed.Count, 0L, fixture.Listed.Count), ((int)reader.GetInt64(0), reader.GetInt64(1), (int)reader.GetInt64(2)));
    }

    [Theory]
    [InlineData("operator:li")]
    [InlineData("operator:zhang")]
    [InlineData("region:310101")]
    [InlineData("region:110101")]
    [InlineData("platform:44")]
    [InlineData("officer:wang")]
    [InlineData("officer:zhao")]
    [InlineData("system")]
    [InlineData("officer:nobody")]
    public async Task Filtering_by_actor_lists_exactly_that_callers_actions(string actor)
    {
        var listed = await ListAllAsync(new ListActionsRequest { Actor = actor });
        Assert.Equal(fixture.Listed.Where(a => a.Actor == actor), listed);
        Assert.Equal(actor == "officer:nobody", listed.Count == 0);
    }

    [Theory]
    [InlineData(Beijing)]
    [InlineData(Shanghai)]
    [InlineData(Guangzhou)]
    [InlineData("120101")]
    public async Task Filtering_by_region_lists_exactly_the_actions_it_is_party_to(string region)
    {
        var listed = await ListAllAsync(new ListActionsRequest { RegionCode = region });
        Assert.Equal(fixture.Listed.Where(a => a.RegionCodes.Contains(region)), listed);
        Assert.Equal(region == "120101", listed.Count == 0);
    }

    [Theory]
    [InlineData("settlement_accepted")]
    [InlineData("settlement_reversed")]
    [InlineData("discrepancy_resolved")]
    [InlineData("statement_issued")]
    public async Task Filtering_by_kind_and_actor_together_lists_what_both_admit(string kind)
    {
        Assert.Equal(fixture.Listed.Where(a => a.EventKind == kind), await ListAllAsync(new ListActionsRequest { EventKind = kind }));
        Assert.Equal(
            fixture.Listed.Where(a => a.EventKind == kind && a.Actor == "region:310101" && a.RegionCodes.Contains(Beijing)),
            await ListAllAsync(new ListActionsRequest { EventKind = kind, Actor = "region:310101", RegionCode = Beijing }));
    }

    [Fact]
    public async Task Filtering_by_time_splits_the_month_at_any_instant()
    {
        // The deposit's instant: actions before it and from it on, in China time and in UTC alike.
        var pivot = Assert.Single(fixture.Listed, a => a.EventKind == "prepayment_deposited").AcceptedAt;
        var inChina = Instant(pivot).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        var from = await ListAllAsync(new ListActionsRequest { From = inChina });
        var before = await ListAllAsync(new ListActionsRequest { To = pivot });
        Assert.Equal(fixture.Listed.Where(a => Instant(a.AcceptedAt) >= Instant(pivot)), from);
        Assert.Equal(fixture.Listed.Where(a => Instant(a.AcceptedAt) < Instant(pivot)), before);
        Assert.NotEmpty(from);
        Assert.NotEmpty(before);
        Assert.Equal(fixture.Listed, from.Concat(before));
    }

    [Theory]
    [InlineData("actor", "nobody")]
    [InlineData("actor", "region:11")]
    [InlineData("actor", "auditor:li")]
    [InlineData("region", "11010")]
    [InlineData("region", "000000")]
    [InlineData("kind", "settlement")]
    [InlineData("kind", "settlement_accepted_v1")]
    [InlineData("from", "yesterday")]
    [InlineData("from", "2026-12-01")]
    [InlineData("to", "2026-12-01T00:00:00")]
    [InlineData("range", "")]
    [InlineData("page_size", "1001")]
    [InlineData("page_token", "not-a-token")]
    public async Task A_malformed_filter_is_invalid_argument_naming_the_field(string field, string value)
    {
        var request = new ListActionsRequest();
        switch (field)
        {
            case "actor": request.Actor = value; break;
            case "region": request.RegionCode = value; break;
            case "kind": request.EventKind = value; break;
            case "from": request.From = value; break;
            case "to": request.To = value; break;
            case "range": (request.From, request.To) = ("2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z"); break;
            case "page_size": request.PageSize = int.Parse(value, CultureInfo.InvariantCulture); break;
            default: request.PageToken = value; break;
        }
        var refused = await Rpc.RefusedAsync(StatusCode.InvalidArgument, () => fixture.Audit.ListActionsAsync(request), $"{field} = {value}");
        var named = field switch { "region" => "region_code", "kind" => "event_kind", "range" => "from", _ => field };
        Assert.Contains(named, refused.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<List<ActionRecord>> ListAllAsync(ListActionsRequest request)
    {
        var all = new List<ActionRecord>();
        request.PageSize = 5;
        do
        {
            var page = await fixture.Audit.ListActionsAsync(request);
            all.AddRange(page.Actions);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    private static Expected Of(ActionRecord a) => new(a.Actor, a.EventKind, a.RequestScope, a.RequestId, string.Join(' ', a.RegionCodes.Order(StringComparer.Ordinal)));

    private static string Describe(Expected e) => $"{e.Actor} {e.Kind} {e.Scope}/{e.RequestId} [{e.Regions}]";

    private static DateTimeOffset Instant(string rfc3339) => DateTimeOffset.Parse(rfc3339, CultureInfo.InvariantCulture);

    /// <summary>The month, each write sent by its caller and written down as the action it must leave.</summary>
    private sealed class MonthScript(Fixture fixture)
    {
        private readonly Visits _visits = new(20_261_206);

        private void Expect(Caller caller, string kind, string scope, string requestId, params string[] regions) =>
            fixture.Script.Add(new Expected(caller.ToString(), kind, scope, requestId, string.Join(' ', regions.Distinct().Order(StringComparer.Ordinal))));

        public async Task RunAsync()
        {
            var today = fixture.Today;
            // Opening the first period is the clearinghouse's own doing, at its first start.
            fixture.Script.Add(new Expected("system", "period_opened", "000000", "open-first-period", ""));

            await RegistryAsync(today);
            var (settled, reversal) = await SettleAsync(today);
            await ReconcileAsync(settled, reversal);
            await CloseAsync();
        }

        private async Task RegistryAsync(DateOnly today)
        {
            var li = fixture.RegistryAs(OperatorLi);
            foreach (var (code, name) in new[] { (Beijing, "Beijing Dongcheng"), (Shanghai, "Shanghai Huangpu"), (Guangzhou, "Guangzhou Yuexiu") })
            {
                await li.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "region-" + code, RegionCode = code, Name = name });
                Expect(OperatorLi, "region_upserted", code, "region-" + code, code);
                await li.PublishPolicyAsync(new PublishPolicyRequest
                {
                    RequestId = "policy-" + code, RegionCode = code, EffectiveFrom = ChinaClock.Format(new DateOnly(today.Year - 1, 1, 1)), Policy = Policies.Standard(),
                });
                Expect(OperatorLi, "policy_published", code, "policy-" + code, code);
            }
            // A retry writes nothing, so it leaves no second action.
            await li.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "region-" + Beijing, RegionCode = Beijing, Name = "Beijing Dongcheng" });

            var zhang = fixture.RegistryAs(OperatorZhang);
            foreach (var (hospital, region) in new[] { ("AUD-SH", Shanghai), ("AUD-GZ", Guangzhou) })
            {
                await zhang.RegisterHospitalAsync(new RegisterHospitalRequest { RequestId = "hospital-" + hospital, HospitalCode = hospital, RegionCode = region, Name = hospital, Level = 2 });
                Expect(OperatorZhang, "hospital_registered", region, "hospital-" + hospital, region);
            }
            foreach (var (person, insured) in new[] { ("aud-bj-1", Beijing), ("aud-bj-2", Beijing), ("aud-gz-1", Guangzhou) })
            {
                await zhang.EnrollPersonAsync(new EnrollPersonRequest { RequestId = "enrol-" + person, PersonId = person, InsuredRegionCode = insured, Scheme = Scheme.Employee, Category = PersonCategory.Active });
                Expect(OperatorZhang, "person_enrolled", insured, "enrol-" + person, insured);
                await zhang.RecordContributionAsync(new RecordContributionRequest { RequestId = "contribution-" + person, PersonId = person, Period = ChinaClock.Period(today), EmployerFen = 60_000, IndividualFen = 20_000 });
                Expect(OperatorZhang, "contribution_recorded", insured, "contribution-" + person, insured);
            }
            await zhang.FileRegistrationAsync(new FileRegistrationRequest
            {
                RequestId = "registration-aud-bj-1", PersonId = "aud-bj-1", CareRegionCode = Shanghai,
                ValidFrom = ChinaClock.Format(new DateOnly(today.Year, 1, 1)), ValidTo = ChinaClock.Format(new DateOnly(today.Year, 12, 31)),
            });
            Expect(OperatorZhang, "registration_filed", Beijing, "registration-aud-bj-1", Beijing, Shanghai);
            await zhang.SuspendPersonAsync(new SuspendPersonRequest { RequestId = "suspend-aud-bj-2", PersonId = "aud-bj-2", Reason = "moved away" });
            Expect(OperatorZhang, "person_suspended", Beijing, "suspend-aud-bj-2", Beijing);
            await zhang.ReinstatePersonAsync(new ReinstatePersonRequest { RequestId = "reinstate-aud-bj-2", PersonId = "aud-bj-2" });
            Expect(OperatorZhang, "person_reinstated", Beijing, "reinstate-aud-bj-2", Beijing);
        }

        private async Task<(List<(string RequestId, Settlement Answer)> Settled, Reversal Reversal)> SettleAsync(DateOnly today)
        {
            var settled = new List<(string RequestId, Settlement Answer)>();
            var shanghai = fixture.SettlementsAs(ShanghaiRegion);
            foreach (var (person, n) in new[] { ("aud-bj-1", 1), ("aud-bj-2", 2), ("aud-gz-1", 3), ("aud-bj-1", 4) })
            {
                var requestId = $"S-{n:D2}";
                var answer = await shanghai.SettleAsync(_visits.Next(requestId, person, Shanghai, "AUD-SH", today, maxItems: 3));
                settled.Add((requestId, answer));
                Expect(ShanghaiRegion, "settlement_accepted", Shanghai, requestId, Shanghai, answer.InsuredRegionCode);
            }
            // The province's platform settles for its care region.
            var platform = fixture.SettlementsAs(GuangdongPlatform);
            var relayed = await platform.SettleAsync(_visits.Next("G-01", "aud-bj-2", Guangzhou, "AUD-GZ", today, maxItems: 3));
            Expect(GuangdongPlatform, "settlement_accepted", Guangzhou, "G-01", Guangzhou, Beijing);
            // A region settling for another care region is refused and leaves no action.
            await Rpc.RefusedAsync(StatusCode.PermissionDenied,
                () => shanghai.SettleAsync(_visits.Next("G-02", "aud-bj-2", Guangzhou, "AUD-GZ", today, maxItems: 3)), "another care region");
            Assert.Equal(Beijing, relayed.InsuredRegionCode);

            var reversal = await shanghai.ReverseAsync(new ReverseRequest { RequestId = "V-01", SettlementId = settled[1].Answer.SettlementId, CareRegionCode = Shanghai, Reason = "wrong person" });
            Expect(ShanghaiRegion, "settlement_reversed", Shanghai, "V-01", Shanghai, Beijing);
            return (settled, reversal);
        }

        private async Task ReconcileAsync(List<(string RequestId, Settlement Answer)> settled, Reversal reversal)
        {
            // The day's report of Shanghai, as its ledger has it, and one entry the clearinghouse never saw.
            var day = ChinaClock.DateOfInstant(settled[0].Answer.AcceptedAt);
            var dayText = ChinaClock.Format(day);
            List<SubmitDailyReportRequest> report = [Header("report-1", Shanghai, dayText), Entry("X-01", ReportEntryKind.Settlement, 100, 0)];
            report.AddRange(settled.Where(s => ChinaClock.DateOfInstant(s.Answer.AcceptedAt) == day)
                .Select(s => Entry(s.RequestId, ReportEntryKind.Settlement, s.Answer.FundPayFen, s.Answer.AccountPayFen)));
            if (ChinaClock.DateOfInstant(reversal.AcceptedAt) == day)
            {
                report.Add(Entry("V-01", ReportEntryKind.Reversal, reversal.FundPayFen, reversal.AccountPayFen));
            }
            var result = await fixture.ReconciliationAs(ShanghaiRegion).SubmitAsync(report);
            Expect(ShanghaiRegion, "daily_report_reconciled", Shanghai, "report-1", Shanghai);

            // Resolved by officer Zhao, who leaves the officer field to the certificate.
            var discrepancy = Assert.Single(result.Discrepancies);
            var resolved = await fixture.ReconciliationAs(OfficerZhao).ResolveDiscrepancyAsync(new ResolveDiscrepancyRequest
            {
                RequestId = "resolve-X-01", DiscrepancyId = discrepancy.DiscrepancyId, Resolution = DiscrepancyResolution.WrittenOff, Note = "never settled",
            });
            Assert.Equal("zhao", resolved.Officer);
            Expect(OfficerZhao, "discrepancy_resolved", Shanghai, "resolve-X-01", Shanghai);
        }

        private async Task CloseAsync()
        {
            var wang = fixture.ClearingAs(OfficerWang);
            await wang.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "deposit-1", RegionCode = Beijing, AmountFen = 5_000_000, BankReference = "BOC-20261206-1" });
            Expect(OfficerWang, "prepayment_deposited", Beijing, "deposit-1", Beijing);

            var period = (await wang.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
            await wang.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "close-1", Period = period });
            Expect(OfficerWang, "period_cut_off", "000000", "close-1");
            var statements = (await wang.ListStatementsAsync(new ListStatementsRequest { Period = period })).Statements.Select(s => s.RegionCode).ToList();
            Assert.Equal([Beijing, Shanghai, Guangzhou], statements.Order(StringComparer.Ordinal));
            // The netting the close ran is the closing officer's too.
            Expect(OfficerWang, "period_closed", "000000", "netting:" + period, [.. statements]);
            foreach (var region in statements)
            {
                Expect(OfficerWang, "statement_issued", "000000", "netting:" + period, region);
            }

            await fixture.ClearingAs(BeijingRegion).ConfirmStatementAsync(new ConfirmStatementRequest { RequestId = "confirm-1", Period = period, RegionCode = Beijing });
            Expect(BeijingRegion, "statement_confirmed", Beijing, "confirm-1", Beijing);
        }
    }
}
