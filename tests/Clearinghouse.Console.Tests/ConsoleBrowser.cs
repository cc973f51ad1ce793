using Clearinghouse.Api.Identity;
using Clearinghouse.Integration.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Clearinghouse.Console.Tests;

/// <summary>
/// Debian's Chromium (never a browser Playwright downloads) with one caller's client certificate, opening the
/// console of a running host. The host's certificate comes from the tests' own CA, which the browser does not
/// know: its errors are ignored, the client certificate is what this checks.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, Uri origin)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
        Page = page;
        Origin = origin;
    }

    public IPage Page { get; }

    public Uri Origin { get; }

    /// <summary>Where the screenshots and downloads go: artifacts/console under the test output.</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "console")).FullName;

    public static async Task<ConsoleBrowser> OpenAsync(RunningHost host, Caller caller)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: ops/test.sh installs it (apt-get install chromium fonts-noto-cjk)");
        var (certificate, key) = TestCertificates.Instance.FilesFor(caller);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var origin = new Uri($"https://127.0.0.1:{host.Address.Port}");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            ClientCertificates = [new ClientCertificate { Origin = origin.GetLeftPart(UriPartial.Authority), CertPath = certificate, KeyPath = key }],
        });
        var page = await context.NewPageAsync();
        return new ConsoleBrowser(playwright, browser, context, page, origin);
    }

    /// <summary>
    /// Opens a console route and waits until the page has rendered it (body[data-ready]), or the page
    /// <paramref name="lands"/> on when the route is empty (the console picks the caller's landing page).
    /// </summary>
    public async Task GoAsync(string route, string? lands = null)
    {
        var name = lands ?? route.TrimStart('#', '/').Split('?', '/')[0];
        await Page.EvaluateAsync("() => { if (document.body) delete document.body.dataset.ready; }");
        var url = new Uri(Origin, "/console/" + route).ToString();
        // The same hash again fires no hashchange: load the page anew.
        await (Page.Url == url ? Page.ReloadAsync() : Page.GotoAsync(url));
        await Page.WaitForSelectorAsync($"body[data-ready='{name}']");
    }

    /// <summary>Waits for the page a click leads to.</summary>
    public async Task FollowAsync(ILocator link, string name)
    {
        await Page.EvaluateAsync("() => delete document.body.dataset.ready");
        await link.ClickAsync();
        await Page.WaitForSelectorAsync($"body[data-ready='{name}']");
    }

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });

    /// <summary>axe-core on the page as it is: no serious or critical violation.</summary>
    public async Task AssertAccessibleAsync(string what)
    {
        var result = await Page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{what}: " + string.Join("; ", bad.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
