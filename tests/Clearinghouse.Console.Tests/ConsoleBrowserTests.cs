using System.Globalization;
using Clearinghouse.Api.Identity;
using Clearinghouse.V1;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Clearinghouse.Console.Tests.ConsoleMonthFixture;

namespace Clearinghouse.Console.Tests;

/// <summary>
/// The console in a real browser, after a small scripted month: an officer resolves the discrepancy, closes the
/// period from the page, reads a statement, drills down to a settlement and downloads the Excel export; a region's
/// agency sees its own statement and is refused another region's. Every page visited passes axe (no serious or
/// critical violation); screenshots go to artifacts/console.
/// </summary>
public sealed class ConsoleBrowserTests(ConsoleMonthFixture fixture, ITestOutputHelper output) : IClassFixture<ConsoleMonthFixture>
{
    private static readonly Caller OfficerWang = new(CallerRole.Officer, "wang");
    private static readonly Caller ShanghaiRegion = new(CallerRole.Region, Shanghai);

    private ClearingService.ClearingServiceClient ClearingAs(Caller caller) => new(fixture.Host.ChannelFor(caller));

    [Fact]
    public async Task An_officer_resolves_closes_reads_a_statement_drills_down_and_exports_it()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(fixture.Host, OfficerWang);
        var page = browser.Page;

        // Periods: the open period's live figures, by region and between regions.
        await browser.GoAsync("#/periods");
        var paint = await page.EvaluateAsync<double>(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] ?? performance.getEntriesByType('paint')[0])?.startTime ?? -1");
        var ready = await page.EvaluateAsync<double>("() => performance.now()");
        output.WriteLine($"periods page: first contentful paint {paint:F0} ms, rendered with data by {ready:F0} ms");
        // Who is signed in, from the certificate (IdentityService.GetCaller).
        await page.Locator("#caller", new PageLocatorOptions { HasText = "当前用户：对账员 wang" }).WaitForAsync();
        // Fen beyond a double's exact integers still format to the fen: the page's money path is BigInt.
        Assert.Equal("-92,233,720,368,547,758.07", await page.EvaluateAsync<string>("async () => (await import('/console/js/money.js')).yuan('-9223372036854775807')"));
        var positions = page.Locator("#open-positions tbody tr");
        Assert.Equal(Regions.Length, await positions.CountAsync());
        Assert.Equal(Regions.Length, await page.Locator("#heatmap tbody tr").CountAsync());
        // The whole list is on the page, so its headings sort it: by net, smallest (the largest debtor) first.
        var overview = await ClearingAs(OfficerWang).GetOpenPeriodOverviewAsync(new GetOpenPeriodOverviewRequest());
        await page.Locator("#open-positions thead th").Nth(3).Locator("button").ClickAsync();
        Assert.Equal(overview.Regions.OrderBy(r => r.NetFen).Select(r => r.RegionCode),
            await page.Locator("#open-positions tbody tr td:first-child").AllInnerTextsAsync());
        await browser.ScreenshotAsync("periods-open");
        await browser.AssertAccessibleAsync("periods");

        // The discrepancy queue of Shanghai on the open discrepancy's business day (filtered by the server): resolve
        // it with a note.
        var open = await new ReconciliationService.ReconciliationServiceClient(fixture.Host.ChannelFor(OfficerWang))
            .ListDiscrepanciesAsync(new ListDiscrepanciesRequest { RegionCode = Shanghai, Status = DiscrepancyStatus.Open });
        await browser.GoAsync($"#/discrepancies?region={Shanghai}&day={Assert.Single(open.Discrepancies).BusinessDate}");
        var form = page.Locator($"form[data-discrepancy='{fixture.DiscrepancyId}']");
        await form.Locator("select").SelectOptionAsync("DISCREPANCY_RESOLUTION_WRITTEN_OFF");
        await form.Locator("textarea").FillAsync("地区多报一笔，核销");
        await browser.AssertAccessibleAsync("discrepancies");
        await form.Locator("button[type=submit]").ClickAsync();
        await page.Locator($"#resolved-{fixture.DiscrepancyId}").WaitForAsync();
        var resolved = await new ReconciliationService.ReconciliationServiceClient(fixture.Host.ChannelFor(OfficerWang))
            .ListDiscrepanciesAsync(new ListDiscrepanciesRequest { RegionCode = Shanghai, Status = DiscrepancyStatus.Resolved });
        var discrepancy = Assert.Single(resolved.Discrepancies);
        Assert.Equal(("wang", "地区多报一笔，核销"), (discrepancy.Officer, discrepancy.Note));
        await browser.ScreenshotAsync("discrepancy-resolved");

        // Close the open period from the page: the summary it returns is shown.
        await browser.GoAsync("#/periods");
        var openPeriod = (await ClearingAs(OfficerWang).GetCurrentPeriodAsync(new GetCurrentPeriodRequest())).Period_;
        await page.Locator("#close-period").ClickAsync();
        var summaryText = await page.Locator("#close-summary").InnerTextAsync();
        var summary = await ClearingAs(OfficerWang).GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = openPeriod });
        Assert.Equal(PeriodState.Closed, summary.State);
        Assert.Contains(Yuan(summary.GrossTotalFen), summaryText);
        Assert.Contains(Yuan(summary.NetTotalFen), summaryText);
        // The periods page again: the closed period with its figures, its chart.
        await browser.GoAsync("#/periods");
        Assert.Contains(openPeriod, await page.Locator("#closed-periods").InnerTextAsync());
        Assert.Equal(1, await page.Locator("svg.chart").CountAsync());
        await browser.ScreenshotAsync("periods");
        await browser.AssertAccessibleAsync("periods after the close");

        // The closed period's transfers.
        var period = fixture.Period;
        var transfers = await ClearingAs(OfficerWang).ListTransfersAsync(new ListTransfersRequest { Period = period });
        await browser.GoAsync($"#/transfers?period={period}");
        Assert.Equal(transfers.Transfers.Count, await page.Locator("#transfers tbody tr").CountAsync());
        await browser.AssertAccessibleAsync("transfers");

        // Beijing's statement of the closed period, its Excel export read back.
        var statement = await ClearingAs(OfficerWang).GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Beijing });
        await browser.GoAsync($"#/statement?period={period}&region={Beijing}");
        Assert.Equal(statement.Lines.Count, await page.Locator("#statement-lines tbody tr").CountAsync());
        await browser.ScreenshotAsync("statement");
        await browser.AssertAccessibleAsync("statement");
        var exports = page.Locator("section.table-section", new PageLocatorOptions { Has = page.Locator("#statement-lines") });
        var workbook = await page.RunAndWaitForDownloadAsync(() => exports.Locator("button[data-export='xlsx']").ClickAsync());
        var workbookPath = Path.Combine(ConsoleBrowser.Artifacts, workbook.SuggestedFilename);
        await workbook.SaveAsAsync(workbookPath);
        var line = statement.Lines[0];
        var row = ReadRow(workbookPath, line.CounterpartyRegionCode);
        Assert.Equal(line.ReceivableFen, Fen(row[1]));
        Assert.Equal(line.PayableFen, Fen(row[2]));
        Assert.Equal(line.ReceivableFen - line.PayableFen, Fen(row[3]));
        // The totals row is exported as shown.
        Assert.Equal(statement.NetFen, Fen(ReadRow(workbookPath, await page.Locator("#statement-lines tfoot th").InnerTextAsync())[3]));
        // The whole page as one workbook: one sheet per table (its lines and its transfers).
        var whole = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-page").ClickAsync());
        var wholePath = Path.Combine(ConsoleBrowser.Artifacts, "page-" + whole.SuggestedFilename);
        await whole.SaveAsAsync(wholePath);
        using (var document = SpreadsheetDocument.Open(wholePath, false))
        {
            Assert.Equal(2, document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Count());
        }
        var csv = await page.RunAndWaitForDownloadAsync(() => exports.Locator("button[data-export='csv']").ClickAsync());
        var csvText = await File.ReadAllTextAsync(await csv.PathAsync());
        Assert.Contains($"{line.CounterpartyRegionCode},{Yuan(line.ReceivableFen).Replace(",", "")},{Yuan(line.PayableFen).Replace(",", "")}", csvText);

        // Drill down: the settlements with the first counterparty, then one settlement.
        await browser.FollowAsync(page.Locator("#statement-lines tbody tr").First.Locator("a"), "settlements");
        var listed = page.Locator("#settlements tbody tr");
        Assert.True(await listed.CountAsync() > 0);
        Assert.Equal(line.SettlementCount, await listed.CountAsync());
        await browser.AssertAccessibleAsync("settlements");
        await browser.FollowAsync(listed.First.Locator("a"), "settlement");
        var id = (await page.Locator("h1").InnerTextAsync()).Split(' ')[^1];
        var settlement = await new SettlementService.SettlementServiceClient(fixture.Host.ChannelFor(OfficerWang))
            .GetSettlementAsync(new GetSettlementRequest { SettlementId = id });
        Assert.Equal(settlement.Items.Count, await page.Locator("#settlement-items tbody tr").CountAsync());
        Assert.Contains("settlement_accepted", await page.Locator("#settlement-events").InnerTextAsync());
        await browser.ScreenshotAsync("settlement");
        await browser.AssertAccessibleAsync("settlement");

        // English labels on the same page.
        await page.Locator("#language").ClickAsync();
        await page.Locator("h1", new PageLocatorOptions { HasText = "Settlement " + id }).WaitForAsync();
        await browser.AssertAccessibleAsync("settlement in English");
    }

    [Fact]
    public async Task A_regions_agency_sees_its_own_statement_and_is_refused_another_regions()
    {
        var period = fixture.Period;
        await ClosedAsync(period);
        await using var browser = await ConsoleBrowser.OpenAsync(fixture.Host, ShanghaiRegion);
        var page = browser.Page;

        // The console opens on the region's own statement (of the last closed period) without being told its code.
        await browser.GoAsync("", lands: "statement");
        Assert.Contains($"region={Shanghai}", page.Url);
        await page.Locator("#caller", new PageLocatorOptions { HasText = $"当前用户：地区经办机构 {Shanghai}" }).WaitForAsync();
        Assert.Contains(period, await page.Locator("#statement-title").InnerTextAsync());
        var statement = await ClearingAs(ShanghaiRegion).GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Shanghai });
        Assert.Equal(statement.Lines.Count, await page.Locator("#statement-lines tbody tr").CountAsync());
        Assert.Contains(Yuan(statement.NetFen), await page.Locator("#statement-lines tfoot").InnerTextAsync());
        await browser.AssertAccessibleAsync("the region's own statement");
        // The region confirms its own statement from the page.
        await page.Locator("#confirm-statement").ClickAsync();
        await page.Locator(".success").WaitForAsync();
        Assert.True((await ClearingAs(ShanghaiRegion).GetStatementAsync(new GetStatementRequest { Period = period, RegionCode = Shanghai })).Confirmed);

        await browser.GoAsync($"#/statement?period={period}&region={Beijing}");
        var refusal = await page.Locator(".refusal").InnerTextAsync();
        Assert.Contains($"may not act for region {Beijing}", refusal);
        Assert.Equal(0, await page.Locator("#statement-lines").CountAsync());
        await browser.ScreenshotAsync("region-refused");
        await browser.AssertAccessibleAsync("a refused statement");

        // The officers' pages refuse it too, with the reason.
        await browser.GoAsync("#/periods");
        Assert.Contains("allowed: officer", await page.Locator(".refusal").InnerTextAsync());
    }

    [Fact]
    public async Task An_officer_filters_the_flags_reads_one_with_its_evidence_and_line_items_and_resolves_it()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(fixture.Host, OfficerWang);
        var page = browser.Page;
        var supervision = new SupervisionService.SupervisionServiceClient(fixture.Host.ChannelFor(OfficerWang));

        // The queue filtered on the server: Beijing as the insured region, the rule charged_twice, open flags.
        await browser.GoAsync("#/flags");
        await page.Locator("#flag-region").FillAsync(Beijing);
        await page.Locator("#flag-role").SelectOptionAsync("FLAG_REGION_ROLE_INSURED");
        await page.Locator("#flag-rule").SelectOptionAsync("charged_twice");
        await browser.FollowAsync(page.Locator("form.query button[type=submit]"), "flags");
        var expected = await supervision.ListFlagsAsync(new ListFlagsRequest
        {
            RegionCode = Beijing, RegionRole = FlagRegionRole.Insured, RuleId = "charged_twice", Status = FlagStatus.Open, PageSize = 50,
        });
        var shown = await page.Locator("#flags tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(expected.Flags.Select(f => f.FlagId), shown);
        Assert.Contains(fixture.FlagId, shown);
        await browser.ScreenshotAsync("flags");
        await browser.AssertAccessibleAsync("flags");

        // The flag: its evidence and each settlement's line items.
        var detail = await supervision.GetFlagAsync(new GetFlagRequest { FlagId = fixture.FlagId });
        await browser.FollowAsync(page.Locator("#flags tbody tr", new PageLocatorOptions { HasText = fixture.FlagId }).Locator("a"), "flag");
        // The evidence in its units: the two totals of the visit sent twice, in yuan.
        var evidence = await page.Locator("#flag-evidence").InnerTextAsync();
        Assert.Contains("first_total", evidence);
        Assert.Contains(Yuan(detail.Flag.Evidence.Single(e => e.Name == "second_total").Number), evidence);
        foreach (var settlement in detail.Settlements)
        {
            Assert.Equal(settlement.Items.Count, await page.Locator($"#flag-items-{settlement.SettlementId} tbody tr").CountAsync());
            Assert.Contains(settlement.Items[0].Code, await page.Locator($"#flag-items-{settlement.SettlementId}").InnerTextAsync());
        }
        Assert.Equal("待处理", await page.Locator("#flag-status-value").InnerTextAsync());
        await browser.AssertAccessibleAsync("a flag");

        // Resolve it: confirmed, the care region asked to reverse, with a note; the status changes on the page.
        await page.Locator("#flag-resolution").SelectOptionAsync("FLAG_RESOLUTION_CONFIRMED");
        await page.Locator("#flag-reversal").CheckAsync();
        await page.Locator("#flag-note").FillAsync("同一就诊重复结算，已核实");
        await page.Locator("#flag-resolve button[type=submit]").ClickAsync();
        await page.Locator("#flag-resolved").WaitForAsync();
        Assert.Equal("已确认", await page.Locator("#flag-status-value").InnerTextAsync());
        var resolved = (await supervision.GetFlagAsync(new GetFlagRequest { FlagId = fixture.FlagId })).Flag;
        Assert.Equal((FlagStatus.Confirmed, "wang", "同一就诊重复结算，已核实", true), (resolved.Status, resolved.Officer, resolved.Note, resolved.ReversalRequested));
        Assert.Contains("wang", await page.Locator("#flag-history").InnerTextAsync());
        await browser.ScreenshotAsync("flag-resolved");
        await browser.AssertAccessibleAsync("a resolved flag");

        // The confirmed flags of Beijing list it; its CSV export is the table as shown.
        await browser.GoAsync($"#/flags?region={Beijing}&status=FLAG_STATUS_CONFIRMED");
        Assert.Contains(fixture.FlagId, await page.Locator("#flags tbody tr td:first-child").AllInnerTextsAsync());
        var csv = await page.RunAndWaitForDownloadAsync(() => page.Locator("button[data-export='csv']").ClickAsync());
        Assert.Contains(fixture.FlagId, await File.ReadAllTextAsync(await csv.PathAsync()));
        await page.Locator("#language").ClickAsync();
        await page.Locator("h1", new PageLocatorOptions { HasText = "Fund supervision flags" }).WaitForAsync();
        await browser.AssertAccessibleAsync("flags in English");
    }

    [Fact]
    public async Task A_region_sees_only_the_flags_it_is_party_to_and_is_not_offered_to_resolve_them()
    {
        // Guangzhou is party to neither side of the flag (Beijing insured, Shanghai care).
        var guangzhou = new Caller(CallerRole.Region, Guangzhou);
        await using (var browser = await ConsoleBrowser.OpenAsync(fixture.Host, guangzhou))
        {
            var page = browser.Page;
            await browser.GoAsync("#/flags?status=all");
            Assert.Equal(Guangzhou, await page.Locator("#flag-region").InputValueAsync());
            var asGuangzhou = new SupervisionService.SupervisionServiceClient(fixture.Host.ChannelFor(guangzhou));
            var own = await asGuangzhou.ListFlagsAsync(new ListFlagsRequest { RegionCode = Guangzhou, PageSize = 50 });
            var rows = page.Locator("#flags tbody tr");
            Assert.Equal(own.Flags.Count, await rows.CountAsync());
            for (var i = 0; i < await rows.CountAsync(); i++)
            {
                var cells = await rows.Nth(i).Locator("td").AllInnerTextsAsync();
                Assert.True(cells[3] == Guangzhou || cells[4].Split(' ').Contains(Guangzhou), $"flag {cells[0]} is not Guangzhou's: {string.Join(" | ", cells)}");
            }
            Assert.DoesNotContain(fixture.FlagId, await page.Locator("#flags tbody tr td:first-child").AllInnerTextsAsync());
            await browser.AssertAccessibleAsync("a region's flags");
            // Another region's flag is refused with the reason; other regions' flags are refused as a list too.
            await browser.GoAsync($"#/flag/{fixture.FlagId}");
            Assert.Contains("party", await page.Locator(".refusal").InnerTextAsync());
            await browser.GoAsync($"#/flags?region={Beijing}");
            Assert.Equal(1, await page.Locator(".refusal").CountAsync());
            Assert.Equal(0, await page.Locator("#flags").CountAsync());
        }

        // Beijing is party: it reads the flag with its evidence, and is offered no resolve form (officers resolve).
        await using (var browser = await ConsoleBrowser.OpenAsync(fixture.Host, new Caller(CallerRole.Region, Beijing)))
        {
            var page = browser.Page;
            await browser.GoAsync($"#/flag/{fixture.FlagId}");
            Assert.Contains("first_total", await page.Locator("#flag-evidence").InnerTextAsync());
            Assert.Equal(0, await page.Locator("#flag-resolve").CountAsync());
            await browser.AssertAccessibleAsync("a flag read by a region party to it");
        }
    }

    /// <summary>The month's period closed: by the officer's test if it ran first, else here (with force: its discrepancy may be open).</summary>
    private async Task ClosedAsync(string period)
    {
        var summary = await ClearingAs(OfficerWang).GetPeriodSummaryAsync(new GetPeriodSummaryRequest { Period = period });
        if (summary.State != PeriodState.Closed)
        {
            await ClearingAs(OfficerWang).ClosePeriodAsync(new ClosePeriodRequest { RequestId = "close-" + period, Period = period, Force = true });
        }
    }

    private static string Yuan(long fen) =>
        string.Create(CultureInfo.InvariantCulture, $"{(fen < 0 ? "-" : "")}{Math.Abs(fen) / 100:N0}.{Math.Abs(fen) % 100:D2}");

    private static long Fen(string yuan) => (long)(decimal.Parse(yuan, CultureInfo.InvariantCulture) * 100m);

    /// <summary>The first sheet's row whose first cell is <paramref name="key"/>, as cell texts (numbers as written).</summary>
    private static List<string> ReadRow(string path, string key)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var sheet = document.WorkbookPart!.WorksheetParts.First().Worksheet;
        var rows = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList());
        return rows.Single(r => r.Count > 0 && r[0] == key);
    }
}
