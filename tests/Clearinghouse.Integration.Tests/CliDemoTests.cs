using System.Globalization;
using Clearinghouse.Cli;
using Clearinghouse.Cli.Commands.Demo;
using Clearinghouse.Cli.Output;
using Clearinghouse.Integration.Tests.Infrastructure;
using Clearinghouse.Integration.Tests.Support;
using Clearinghouse.V1;
using Clearinghouse.V1.Identity;
using Xunit.Abstractions;

namespace Clearinghouse.Integration.Tests;

/// <summary>
/// `clearinghouse demo` against a real host: it plays and closes the open month, printing a summary, the
/// reported care region's statement and the transfers that agree with the API's own answers, with the one
/// planted discrepancy; the same run key again writes nothing and prints the same month; and a run key
/// whose month was interrupted half-way resumes it without settling anything twice. (Its own class: the
/// demo closes the whole database's open period.)
/// </summary>
public sealed class CliDemoTests(ClearinghouseFixture fixture, ITestOutputHelper log) : IClassFixture<ClearinghouseFixture>
{
    private ClearingService.ClearingServiceClient Clearing => fixture.Clearing;

    private Task<CliRun> Cli(params string[] args) => CliRun.RunAsync(fixture.Host.Address, args);

    [Fact]
    public async Task Demo_plays_and_closes_a_month_a_rerun_reprints_it_and_an_interrupted_run_resumes()
    {
        // 1. The first run plays the open month and closes it.
        var open = (await Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        var first = await Cli("demo");
        var output = first.Ok("demo");
        var demo = output.Fields("demo");
        log.WriteLine($"demo took {demo["seconds"]} s\n{first.Out}");
        Assert.Equal(("demo", open, "played"), (demo["run_key"], demo["period"], demo["status"]));
        var regions = demo["regions"].Split(' ');
        Assert.Equal(DemoWorld.RegionCount, regions.Length);
        Assert.Equal(regions[0], demo["report_region"]);
        await CheckMonthAsync(output, open, regions, plantedInPeriod: true);
        var next = NextPeriod(open);
        Assert.Equal(next, (await Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_);

        // 2. The same run key again: the month is already played; nothing is written, the same month is printed.
        var counts = await fixture.Database.CountsAsync();
        var again = (await Cli("demo")).Ok("demo again");
        Assert.Equal(("demo", open, "already_played", demo["regions"]), (again.Fields("demo")["run_key"], again.Fields("demo")["period"], again.Fields("demo")["status"], again.Fields("demo")["regions"]));
        Assert.False(again.Has("reconciliation"), "a month already played is not reported again");
        Assert.Equal(output.Fields("summary"), again.Fields("summary"));
        Assert.Equal(output.Fields("statement"), again.Fields("statement"));
        foreach (var table in new[] { "lines", "open_discrepancies", "transfers" })
        {
            Assert.Equal(output.Table(table), again.Table(table));
        }
        Assert.Equal(counts, await fixture.Database.CountsAsync());
        Assert.Equal(next, (await Clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_);

        // 3. Another run key, interrupted after its set-up and a third of its settlements (played here
        // through the demo's own steps), then run: it resumes in the month it began, with fresh region
        // codes, and settles each visit once.
        var world = DemoWorld.For("resume");
        Assert.Empty(world.RegionCodes.Intersect(regions));
        using (var connection = new Connection(fixture.Host.Address, TimeSpan.FromSeconds(60), null,
            new IdentityFolder(TestCertificates.Instance.IdentityFolder, TestCertificates.Instance.CaPath)))
        {
            var month = await DemoMonths.FindAsync(connection, world, CancellationToken.None);
            Assert.Equal(next, month.Period);
            await DemoRegistry.SetUpAsync(connection, world, month, CancellationToken.None);
            var part = await DemoIntake.SettleAsync(connection, [.. world.Visits(month).Take(DemoWorld.SettlementCount / 3)], CancellationToken.None);
            Assert.All(part, s => Assert.Equal(next, s.Period));
        }
        var resumed = (await Cli("demo", "--run-key", "resume")).Ok("demo --run-key resume");
        Assert.Equal(("resume", next, "played", string.Join(' ', world.RegionCodes)),
            (resumed.Fields("demo")["run_key"], resumed.Fields("demo")["period"], resumed.Fields("demo")["status"], resumed.Fields("demo")["regions"]));
        // Its visits are reported on a day of the calendar month before the period (the period was opened
        // early, by the first close): the discrepancy belongs to that day's month, so this close does not list it.
        await CheckMonthAsync(resumed, next, [.. world.RegionCodes], plantedInPeriod: false);
    }

    /// <summary>What a played month prints, against the API's answers for the same period.</summary>
    /// <param name="plantedInPeriod">The report's business day falls in the period's calendar month, so the close lists the planted discrepancy.</param>
    private async Task CheckMonthAsync(PlainOutput output, string period, string[] regions, bool plantedInPeriod)
    {
        var careRegion = regions[0];
        var openInPeriod = plantedInPeriod ? "1" : "0";

        // The daily report: exactly the planted fault, a fund amount 1.00 yuan too high, open.
        var result = output.Fields("reconciliation");
        Assert.Equal(plantedInPeriod, result["business_date"].StartsWith(period + "-", StringComparison.Ordinal));
        Assert.Equal((careRegion, "1"), (result["care_region"], result["discrepancy_count"]));
        Assert.Equal(int.Parse(result["region_entry_count"], CultureInfo.InvariantCulture), int.Parse(result["clearinghouse_entry_count"], CultureInfo.InvariantCulture));
        Assert.Equal(int.Parse(result["matched_count"], CultureInfo.InvariantCulture) + 1, int.Parse(result["region_entry_count"], CultureInfo.InvariantCulture));
        var found = Assert.Single(output.Table("discrepancies"));
        Assert.Equal(("amount_mismatch", "settlement", "open"), (found["kind"], found["entry_kind"], found["status"]));
        Assert.Equal(Money.Yuan(Fen(found["clearinghouse_fund_yuan"]) + DemoReport.PlantedExtraFen), found["region_fund_yuan"]);
        Assert.Equal(found["clearinghouse_account_yuan"], found["region_account_yuan"]);

        // The summary: closed with force, 300 settlements and one reversal among the four regions, as the API has it.
        var wire = await Clearing.GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = period });
        var summary = output.Fields("summary");
        Assert.Equal((period, "closed", "yes", openInPeriod), (summary["period"], summary["state"], summary["forced"], summary["open_discrepancy_count"]));
        Assert.Equal((DemoWorld.SettlementCount.ToString(CultureInfo.InvariantCulture), "1", DemoWorld.RegionCount.ToString(CultureInfo.InvariantCulture)),
            (summary["settlement_count"], summary["reversal_count"], summary["region_count"]));
        Assert.Equal((Money.Yuan(wire.GrossTotalFen), Money.Yuan(wire.NetTotalFen), Money.Percent(wire.NettingEfficiencyBp)),
            (summary["gross_yuan"], summary["net_yuan"], summary["netting_efficiency"]));
        Assert.True(wire.GrossTotalFen > wire.NetTotalFen && wire.NetTotalFen > 0, $"gross {wire.GrossTotalFen}, net {wire.NetTotalFen}");
        Assert.Equal(plantedInPeriod ? 1 : 0, wire.OpenDiscrepancies.Count);

        // The care region's statement: its lines add up to its totals, its net is their difference, and it lists the discrepancy.
        var statement = await Clearing.GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = careRegion });
        Assert.Equal(statement.ReceivableTotalFen, statement.Lines.Sum(l => l.ReceivableFen));
        Assert.Equal(statement.PayableTotalFen, statement.Lines.Sum(l => l.PayableFen));
        Assert.Equal(statement.NetFen, statement.ReceivableTotalFen - statement.PayableTotalFen);
        Assert.Equal(Math.Max(0, -statement.NetFen), statement.PrepaymentDrawnFen + statement.AmountDueFen);
        Assert.Equal(regions.Skip(1).Order(StringComparer.Ordinal), statement.Lines.Select(l => l.CounterpartyRegionCode));
        var printed = output.Fields("statement");
        Assert.Equal((careRegion, Money.Yuan(statement.ReceivableTotalFen), Money.Yuan(statement.PayableTotalFen), Money.Yuan(statement.NetFen), openInPeriod),
            (printed["region"], printed["receivable_total_yuan"], printed["payable_total_yuan"], printed["net_yuan"], printed["open_discrepancy_count"]));
        Assert.Equal(openInPeriod, printed["open_discrepancy_count"]);
        var lines = output.Table("lines");
        Assert.Equal(statement.Lines.Count + 1, lines.Count);
        Assert.Equal(("total", Money.Yuan(statement.ReceivableTotalFen)), (lines[^1]["counterparty"], lines[^1]["receivable_yuan"]));
        if (plantedInPeriod)
        {
            var listed = Assert.Single(output.Table("open_discrepancies"));
            var planted = Assert.Single(output.Table("discrepancies"))["discrepancy_id"];
            Assert.Equal((planted, careRegion, "amount_mismatch"), (listed["discrepancy_id"], listed["care_region"], listed["kind"]));
            Assert.Equal(planted, wire.OpenDiscrepancies[0].DiscrepancyId);
        }
        else
        {
            Assert.False(output.Has("open_discrepancies"), "no discrepancy of the period is open");
        }

        // The transfers: as the API lists them; what the debtors pay in (drawn from their 2,000.00 yuan
        // prepayment first) is what the creditors are paid, the period's net total.
        var transfers = (await Clearing.ListTransfersAsync(new ListTransfersRequest { Period = period })).Transfers;
        Assert.Equal(
            transfers.Select(t => (t.FromRegionCode, t.ToRegionCode, Views.Kind(t.Kind), Money.Yuan(t.AmountFen))),
            output.Table("transfers").Select(t => (t["from"], t["to"], t["kind"], t["amount_yuan"])));
        Assert.Equal(wire.NetTotalFen, transfers.Where(t => t.Kind == TransferKind.Payout).Sum(t => t.AmountFen));
        Assert.Equal(wire.NetTotalFen, transfers.Where(t => t.Kind != TransferKind.Payout).Sum(t => t.AmountFen));
        Assert.All(transfers.Where(t => t.Kind == TransferKind.PrepaymentDraw), t => Assert.True(t.AmountFen <= DemoWorld.DepositFen, $"{t.FromRegionCode} drew {t.AmountFen}"));
        Assert.Contains(transfers, t => t.Kind == TransferKind.PrepaymentDraw);
    }

    private static long Fen(string yuan) =>
        long.Parse(yuan.Replace(".", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static string NextPeriod(string period) =>
        DateOnly.ParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
