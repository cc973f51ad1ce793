using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Clearinghouse.LoadGen.Close;
using Clearinghouse.V1;
using Microsoft.Playwright;

namespace Clearinghouse.LoadGen.ConsolePages;

/// <summary>
/// The web console at scale (docs/console.md): R regions; N settlements (and ~2% reversals) copied into the ledger
/// of one period, which is then closed, and N more into the open period, as the close benchmark loads them; then
/// Chromium, with an officer's client certificate, opens the periods page, a region's statement of the closed
/// period, its settlements with its largest counterparty, and its settlements of the open period, each page
/// several times in a fresh tab, and prints each load's first contentful paint and when the page was rendered with
/// its data (the console's own "console-ready" mark), plus the slowest API call the page made.
/// </summary>
internal static class ConsolePagesBench
{
    public static async Task<int> RunAsync(ConsolePagesOptions options, CancellationToken cancellationToken)
    {
        using var rpc = new Rpc(options.Targets, 2, TimeSpan.FromMinutes(10), options.Tls?.Single, options.Tls?.Folder);
        if (!await rpc.WaitForHostAsync(options.WaitForHost, cancellationToken))
        {
            Console.Error.WriteLine($"loadgen console: no host answered at {string.Join(",", options.Targets)}");
            return 1;
        }
        var clearing = rpc.Clearing;
        var codes = CloseBench.RegionCodes(options.Regions);
        var watch = Stopwatch.StartNew();
        await CloseBench.SetUpRegionsAsync(rpc, clearing, codes, cancellationToken);
        Console.Error.WriteLine($"loadgen console: {options.Regions} regions set up over the API in {watch.Elapsed.TotalSeconds:0.0} s");

        var closed = await CurrentPeriodAsync(clearing, cancellationToken);
        await LoadAsync(options, codes, closed, "cpc", options.Seed, cancellationToken);
        watch.Restart();
        await clearing.ClosePeriodAsync(new ClosePeriodRequest { RequestId = "console-bench-close-" + closed, Period = closed }, cancellationToken: cancellationToken);
        Console.Error.WriteLine($"loadgen console: period {closed} closed in {watch.Elapsed.TotalSeconds:0.0} s");
        var open = await CurrentPeriodAsync(clearing, cancellationToken);
        await LoadAsync(options, codes, open, "cpo", options.Seed + 1, cancellationToken);

        var region = codes[0];
        var statement = await clearing.GetStatementAsync(new GetStatementRequest { Period = closed, RegionCode = region }, cancellationToken: cancellationToken);
        var counterparty = statement.Lines.MaxBy(l => l.SettlementCount)!;
        (string Name, string Route, string What)[] pages =
        [
            ("periods", "#/periods", $"periods: open {open} ({options.Settlements:N0} settlements, {options.Regions} regions) and the closed ones"),
            ("statement", $"#/statement?period={closed}&region={region}", $"statement of {region}, {closed} ({statement.Lines.Count} counterparties)"),
            ("settlements", $"#/settlements?region={region}&period={closed}&counterparty={counterparty.CounterpartyRegionCode}",
                $"settlements of {region} with {counterparty.CounterpartyRegionCode}, {closed} ({counterparty.SettlementCount} settlements)"),
            ("settlements", $"#/settlements?region={region}&period={open}", $"settlements of {region}, {open}, first page of 50"),
        ];

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = options.Chromium, Headless = true });
        var origin = options.Targets[0].GetLeftPart(UriPartial.Authority);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            // The host's certificate comes from the development CA, which this browser profile does not trust.
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            ClientCertificates = [new ClientCertificate { Origin = origin, CertPath = options.BrowserCertificate, KeyPath = options.BrowserKey }],
        });
        Console.WriteLine($"console pages, {options.Regions} regions, {options.Settlements:N0} settlements in each of {closed} (closed) and {open} (open); " +
            $"Chromium, officer certificate, TLS; ms from navigation start (run 1 is the first after loading)");
        Console.WriteLine("page | run | first contentful paint ms | rendered with data ms | slowest API call");
        foreach (var (name, route, what) in pages)
        {
            Console.WriteLine($"# {what}");
            for (var run = 1; run <= options.Runs; run++)
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync($"{origin}/console/{route}");
                await page.WaitForSelectorAsync($"body[data-ready='{name}']", new PageWaitForSelectorOptions { Timeout = 300_000 });
                var figures = JsonSerializer.Deserialize<PageFigures>(await page.EvaluateAsync<string>(FiguresScript), Json)!;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name} | {run} | {figures.Paint:F0} | {figures.Ready:F0} | {figures.SlowestCall} {figures.SlowestMs:F0} ms, {figures.SlowestKiB:F0} KiB"));
                await page.CloseAsync();
            }
        }
        return 0;
    }

    /// <summary>First contentful paint, the console's last ready mark, and the slowest /v1/ call of the page load.</summary>
    private const string FiguresScript = """
        () => {
          const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1;
          const ready = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('console-ready:')).at(-1)?.startTime ?? -1;
          const calls = performance.getEntriesByType('resource').filter((r) => r.name.includes('/v1/'));
          const slowest = calls.reduce((a, b) => (b.duration > (a?.duration ?? -1) ? b : a), null);
          return JSON.stringify({
            paint, ready,
            slowestCall: slowest ? new URL(slowest.name).pathname : '',
            slowestMs: slowest?.duration ?? 0,
            slowestKiB: (slowest?.encodedBodySize ?? 0) / 1024,
          });
        }
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record PageFigures(double Paint, double Ready, string SlowestCall, double SlowestMs, double SlowestKiB);

    private static async Task<string> CurrentPeriodAsync(ClearingService.ClearingServiceClient clearing, CancellationToken cancellationToken) =>
        (await clearing.GetCurrentPeriodAsync(new GetCurrentPeriodRequest(), cancellationToken: cancellationToken)).Period_;

    private static async Task LoadAsync(ConsolePagesOptions options, string[] codes, string period, string idPrefix, int seed, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var ledger = await new CloseLedger(codes, period, 2, new Random(seed), idPrefix).LoadAsync(options.Connection, options.Settlements, cancellationToken);
        Console.Error.WriteLine($"loadgen console: {options.Settlements:N0} settlements and {ledger.Reversals:N0} reversals copied into {period} in {watch.Elapsed.TotalSeconds:0.0} s");
    }
}
