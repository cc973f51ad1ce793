using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Clearinghouse.Integration.Tests.Support.ReportStream;

namespace Clearinghouse.Integration.Tests.Support;

/// <summary>One expected action: who, what, under which request, concerning which regions (space-separated, in order).</summary>
public sealed record ExpectedAction(string Actor, string Kind, string Scope, string RequestId, string Regions);

/// <summary>
/// A month written by seven callers, each write sent by its own certificate and written down as the action the
/// audit trail must show: two operators set up three regions, hospitals and people (contributions, a
/// registration, a suspension and reinstatement) and publish a catalogue; a region and a platform settle, the region reverses one; the
/// region reports its day with one entry the clearinghouse never saw, and an officer resolves it; another officer
/// deposits and closes the period; a region confirms its statement. Also a retry and a refused call, which leave
/// nothing. It covers every kind of event.
/// </summary>
public sealed class CallersMonth(ClearinghouseFixture fixture)
{
    public const string Beijing = "110101";
    public const string Shanghai = "310101";
    public const string Guangzhou = "440103";
    public static readonly string[] Regions = [Beijing, Shanghai, Guangzhou];

    public static readonly Caller OperatorLi = new(CallerRole.Operator, "li");
    public static readonly Caller OperatorZhang = new(CallerRole.Operator, "zhang");
    public static readonly Caller ShanghaiRegion = new(CallerRole.Region, Shanghai);
    public static readonly Caller BeijingRegion = new(CallerRole.Region, Beijing);
    public static readonly Caller GuangdongPlatform = new(CallerRole.Platform, "44");
    public static readonly Caller OfficerWang = new(CallerRole.Officer, "wang");
    public static readonly Caller OfficerZhao = new(CallerRole.Officer, "zhao");

    private readonly Visits _visits = new(20_261_206);

    /// <summary>Every write, as the audit trail must show it.</summary>
    public List<ExpectedAction> Script { get; } = [];

    /// <summary>The settlements answered, with the request id each was sent under.</summary>
    public List<(string RequestId, Settlement Answer)> Settled { get; } = [];

    /// <summary>The period the month closed.</summary>
    public string ClosedPeriod { get; private set; } = "";

    private void Expect(Caller caller, string kind, string scope, string requestId, params string[] regions) =>
        Script.Add(new ExpectedAction(caller.ToString(), kind, scope, requestId, string.Join(' ', regions.Distinct().Order(StringComparer.Ordinal))));

    private RegistryService.RegistryServiceClient RegistryAs(Caller caller) => new(fixture.Host.ChannelFor(caller));

    private SettlementService.SettlementServiceClient SettlementsAs(Caller caller) => new(fixture.Host.ChannelFor(caller));

    private ClearingService.ClearingServiceClient ClearingAs(Caller caller) => new(fixture.Host.ChannelFor(caller));

    private ReconciliationService.ReconciliationServiceClient ReconciliationAs(Caller caller) => new(fixture.Host.ChannelFor(caller));

    public async Task RunAsync()
    {
        var today = fixture.Today;
        // Opening the first period is the clearinghouse's own doing, at its first start.
        Script.Add(new ExpectedAction("system", "period_opened", "000000", "open-first-period", ""));

        await RegistryAsync(today);
        var (settled, reversal) = await SettleAsync(today);
        await ReconcileAsync(settled, reversal);
        await CloseAsync();
        await BookPooledFundAsync();
    }

    /// <summary>Beijing's pooled fund books the month, as the clearinghouse's own work (no caller asks over gRPC).</summary>
    private async Task BookPooledFundAsync()
    {
        var fund = fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<Grains.Abstractions.IFundAccountGrain>(Domain.Accounts.AccountId.Pooled(Beijing).ToString());
        var booked = await fund.BookCommitted();
        Assert.Equal(0, booked.UnbookedCount);
        var entries = await fund.ListEntries(Domain.Accounts.AccountId.Pooled(Beijing), new Domain.Accounts.EntryWindow(null, null, 0, 10));
        var range = Assert.Single(entries.Select(e => e.CauseId).Distinct());
        Script.Add(new ExpectedAction("system", "pooled_fund_booked", "000000", $"pooled-booking:{Beijing}:{range[(range.IndexOf('-') + 1)..]}", Beijing));
    }

    private async Task RegistryAsync(DateOnly today)
    {
        var li = RegistryAs(OperatorLi);
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
        // Shanghai's catalogue, in force from next year only, so this month's settlements are decided as without one.
        await li.PublishAsync(CatalogueStream.Messages(
            CatalogueStream.Header("catalogue-" + Shanghai, Shanghai, new DateOnly(today.Year + 1, 1, 1)),
            [CatalogueStream.Item("AUD-A001", ItemCategory.A, 1_200), CatalogueStream.Item("AUD-B002")]));
        Expect(OperatorLi, "catalogue_published", Shanghai, "catalogue-" + Shanghai, Shanghai);
        Expect(OperatorLi, "catalogue_items_listed", Shanghai, "catalogue-" + Shanghai, Shanghai);
        // A retry writes nothing, so it leaves no second action.
        await li.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "region-" + Beijing, RegionCode = Beijing, Name = "Beijing Dongcheng" });

        var zhang = RegistryAs(OperatorZhang);
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
        await zhang.SetAssistanceStatusAsync(new SetAssistanceStatusRequest
        {
            RequestId = "assistance-aud-bj-2", PersonId = "aud-bj-2", Status = AssistanceStatus.LowIncome,
            EffectiveFrom = ChinaClock.Format(new DateOnly(today.Year, 1, 1)),
        });
        Expect(OperatorZhang, "assistance_status_set", Beijing, "assistance-aud-bj-2", Beijing);
    }

    private async Task<(List<(string RequestId, Settlement Answer)> Settled, Reversal Reversal)> SettleAsync(DateOnly today)
    {
        var settled = Settled;
        var shanghai = SettlementsAs(ShanghaiRegion);
        foreach (var (person, n) in new[] { ("aud-bj-1", 1), ("aud-bj-2", 2), ("aud-gz-1", 3), ("aud-bj-1", 4) })
        {
            var requestId = $"S-{n:D2}";
            var answer = await shanghai.SettleAsync(_visits.Next(requestId, person, Shanghai, "AUD-SH", today, maxItems: 3));
            settled.Add((requestId, answer));
            Expect(ShanghaiRegion, "settlement_accepted", Shanghai, requestId, Shanghai, answer.InsuredRegionCode);
        }
        // The province's platform settles for its care region.
        var platform = SettlementsAs(GuangdongPlatform);
        var relayed = await platform.SettleAsync(_visits.Next("G-01", "aud-bj-2", Guangzhou, "AUD-GZ", today, maxItems: 3));
        Settled.Add(("G-01", relayed));
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
        report.AddRange(settled.Where(s => s.Answer.CareRegionCode == Shanghai && ChinaClock.DateOfInstant(s.Answer.AcceptedAt) == day)
            .Select(s => Entry(s.RequestId, ReportEntryKind.Settlement, s.Answer.FundPayFen, s.Answer.AccountPayFen)));
        if (ChinaClock.DateOfInstant(reversal.AcceptedAt) == day)
        {
            report.Add(Entry("V-01", ReportEntryKind.Reversal, reversal.FundPayFen, reversal.AccountPayFen));
        }
        var result = await ReconciliationAs(ShanghaiRegion).SubmitAsync(report);
        Expect(ShanghaiRegion, "daily_report_reconciled", Shanghai, "report-1", Shanghai);

        // Resolved by officer Zhao, who leaves the officer field to the certificate.
        var discrepancy = Assert.Single(result.Discrepancies);
        var resolved = await ReconciliationAs(OfficerZhao).ResolveDiscrepancyAsync(new ResolveDiscrepancyRequest
        {
            RequestId = "resolve-X-01", DiscrepancyId = discrepancy.DiscrepancyId, Resolution = DiscrepancyResolution.WrittenOff, Note = "never settled",
        });
        Assert.Equal("zhao", resolved.Officer);
        Expect(OfficerZhao, "discrepancy_resolved", Shanghai, "resolve-X-01", Shanghai);
    }

    private async Task CloseAsync()
    {
        var wang = ClearingAs(OfficerWang);
        await wang.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "deposit-1", RegionCode = Beijing, AmountFen = 5_000_000, BankReference = "BOC-20261206-1" });
        Expect(OfficerWang, "prepayment_deposited", Beijing, "deposit-1", Beijing);
        // A region's first deposit opens its prepayment account, which the clearing stream records.
        Expect(OfficerWang, "prepayment_account_opened", "000000", "open-prepayment:" + Beijing, Beijing);
        await wang.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "deposit-2", RegionCode = Guangzhou, AmountFen = 300_000, BankReference = "ICBC-20261206-2" });
        Expect(OfficerWang, "prepayment_deposited", Guangzhou, "deposit-2", Guangzhou);
        Expect(OfficerWang, "prepayment_account_opened", "000000", "open-prepayment:" + Guangzhou, Guangzhou);
        // Most of Beijing's prepayment is refunded, so the close draws what is left and leaves an amount due.
        await wang.WithdrawPrepaymentAsync(new WithdrawPrepaymentRequest { RequestId = "withdraw-1", RegionCode = Beijing, AmountFen = 4_999_000, BankReference = "BOC-20261206-R", Reason = "refund" });
        Expect(OfficerWang, "prepayment_withdrawn", Beijing, "withdraw-1", Beijing);

        var period = ClosedPeriod = (await wang.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
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
        // The close draws prepayment, and books the draws on the clearing account, in its own transaction.
        var transfers = (await wang.ListTransfersAsync(new ListTransfersRequest { Period = period })).Transfers;
        var draws = transfers.Where(t => t.Kind == TransferKind.PrepaymentDraw).ToList();
        Assert.NotEmpty(draws);
        foreach (var draw in draws)
        {
            Expect(OfficerWang, "prepayment_drawn", "000000", "netting:" + period, draw.FromRegionCode);
        }
        Expect(OfficerWang, "prepayment_draws_booked", "000000", "netting:" + period, [.. draws.Select(d => d.FromRegionCode)]);

        // The bank executes the amounts due, then the payouts (paid out of what came in).
        Assert.Contains(transfers, t => t.Kind == TransferKind.AmountDue);
        var executedAt = Clearinghouse.Api.WireMapping.Instant(fixture.HostClock.GetUtcNow());
        foreach (var transfer in transfers.Where(t => t.Kind == TransferKind.AmountDue).Concat(transfers.Where(t => t.Kind == TransferKind.Payout)))
        {
            var requestId = "execute-" + transfer.TransferId;
            await wang.MarkTransferExecutedAsync(new MarkTransferExecutedRequest
            {
                RequestId = requestId, TransferId = transfer.TransferId, BankReference = "BANK-" + transfer.TransferId.Replace('/', '-'), ExecutedAt = executedAt,
            });
            Expect(OfficerWang, "transfer_executed", "000000", requestId, transfer.FromRegionCode == "000000" ? transfer.ToRegionCode : transfer.FromRegionCode);
        }

        await ClearingAs(BeijingRegion).ConfirmStatementAsync(new ConfirmStatementRequest { RequestId = "confirm-1", Period = period, RegionCode = Beijing });
        Expect(BeijingRegion, "statement_confirmed", Beijing, "confirm-1", Beijing);
    }
}
