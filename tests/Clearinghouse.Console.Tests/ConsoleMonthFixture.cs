using System.Diagnostics;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using static Clearinghouse.Integration.Tests.Support.ReportStream;

namespace Clearinghouse.Console.Tests;

/// <summary>
/// A small scripted month on a real host, left open for the console to close: three regions that treat each
/// other's insured (a few dozen settlements), a prepayment each, and Shanghai's daily report with one entry the
/// clearinghouse never saw (an open discrepancy). Fund supervision's processor runs, and one visit of a Beijing
/// insured person in Shanghai is sent twice under two request ids: the flag it raises (charged_twice) is awaited
/// through the API before the tests start. The month's own visits may raise flags too (a person treated in two
/// regions on one day): the tests compare the pages with the API's answers, not with a fixed count.
/// </summary>
public sealed class ConsoleMonthFixture : ClearinghouseFixture
{
    public const string Beijing = "110101";
    public const string Shanghai = "310101";
    public const string Guangzhou = "440103";
    public static readonly string[] Regions = [Beijing, Shanghai, Guangzhou];

    /// <summary>The settlements accepted, in order.</summary>
    public List<Settlement> Settled { get; } = [];

    public string Period { get; private set; } = "";

    public string DiscrepancyId { get; private set; } = "";

    /// <summary>The flag raised over the visit sent twice (Beijing insured, Shanghai care), and its settlements.</summary>
    public string FlagId { get; private set; } = "";

    public IReadOnlyList<Settlement> Flagged { get; private set; } = [];

    public SupervisionService.SupervisionServiceClient Supervision => new(Host.Channel);

    protected override void ConfigureHost(WebApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clearinghouse:Supervision:Enabled"] = "true",
            ["Clearinghouse:Supervision:PollInterval"] = "00:00:00.050",
        });

    protected override async Task SeedAsync()
    {
        var today = Today;
        var visits = new Visits(20_261_206);
        foreach (var (code, name) in new[] { (Beijing, "北京市东城区"), (Shanghai, "上海市黄浦区"), (Guangzhou, "广州市越秀区") })
        {
            await Registry.UpsertRegionAsync(new UpsertRegionRequest { RequestId = "region-" + code, RegionCode = code, Name = name });
            await Registry.PublishPolicyAsync(new PublishPolicyRequest
            {
                RequestId = "policy-" + code, RegionCode = code, EffectiveFrom = ChinaClock.Format(new DateOnly(today.Year - 1, 1, 1)), Policy = Policies.Standard(),
            });
            await Registry.RegisterHospitalAsync(new RegisterHospitalRequest { RequestId = "hospital-" + code, HospitalCode = "H-" + code, RegionCode = code, Name = "医院 " + code, Level = 2 });
            for (var n = 1; n <= 2; n++)
            {
                var person = $"p-{code}-{n}";
                await Registry.EnrollPersonAsync(new EnrollPersonRequest { RequestId = "enrol-" + person, PersonId = person, InsuredRegionCode = code, Scheme = Scheme.Employee, Category = PersonCategory.Active });
                await Registry.RecordContributionAsync(new RecordContributionRequest { RequestId = "contribution-" + person, PersonId = person, Period = ChinaClock.Period(today), EmployerFen = 60_000, IndividualFen = 20_000 });
            }
        }
        // Each region treats the others' insured: 4 visits per ordered pair, 24 in all.
        var sequence = 0;
        foreach (var care in Regions)
        {
            foreach (var insured in Regions.Where(r => r != care))
            {
                for (var k = 0; k < 4; k++)
                {
                    var requestId = $"S-{care}-{++sequence:D3}";
                    Settled.Add(await Settlements.SettleAsync(visits.Next(requestId, $"p-{insured}-{k % 2 + 1}", care, "H-" + care, today, maxItems: 4)));
                }
            }
        }
        // 重复收费: one outpatient visit sent again under a new request id.
        var visit = visits.Next("S-FLAG-1", $"p-{Beijing}-1", Shanghai, "H-" + Shanghai, today, VisitType.Outpatient, maxItems: 3);
        var resent = visit.Clone();
        resent.RequestId = "S-FLAG-2";
        Flagged = [await Settlements.SettleAsync(visit), await Settlements.SettleAsync(resent)];
        Settled.AddRange(Flagged);

        foreach (var (region, amount) in new[] { (Beijing, 200_000L), (Shanghai, 300_000L), (Guangzhou, 100L) })
        {
            await Clearing.DepositPrepaymentAsync(new DepositPrepaymentRequest { RequestId = "deposit-" + region, RegionCode = region, AmountFen = amount, BankReference = "BOC-" + region });
        }
        Period = (await Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;

        // Shanghai's report of the day: what its ledger holds, and one entry the clearinghouse never saw.
        var first = Settled.First(s => s.CareRegionCode == Shanghai);
        var day = ChinaClock.DateOfInstant(first.AcceptedAt);
        List<SubmitDailyReportRequest> report = [Header("report-1", Shanghai, ChinaClock.Format(day)), Entry("X-01", ReportEntryKind.Settlement, 12_345, 0)];
        report.AddRange(Settled.Where(s => s.CareRegionCode == Shanghai && ChinaClock.DateOfInstant(s.AcceptedAt) == day)
            .Select(s => Entry(s.RequestId, ReportEntryKind.Settlement, s.FundPayFen, s.AccountPayFen)));
        var result = await Reconciliation.SubmitAsync(report);
        DiscrepancyId = Assert.Single(result.Discrepancies).DiscrepancyId;
        FlagId = (await FlaggedAsync()).FlagId;
    }

    /// <summary>Waits, bounded, until the processor has flagged the visit sent twice (it follows the committed stream).</summary>
    private async Task<Flag> FlaggedAsync()
    {
        var named = Flagged.Select(s => s.SettlementId).Order(StringComparer.Ordinal).ToList();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var listed = await Supervision.ListFlagsAsync(new ListFlagsRequest { RegionCode = Beijing, RuleId = "charged_twice", PageSize = 100 });
            if (listed.Flags.FirstOrDefault(f => f.SettlementIds.SequenceEqual(named)) is { } flag)
            {
                return flag;
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"no charged_twice flag over {string.Join(", ", named)} after {waited.Elapsed}");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
