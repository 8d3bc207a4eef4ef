using Microsoft.Playwright;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Playground;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium; Playwright's own browser download cannot work here), headless, driven by
/// Playwright, with every request to a host other than 127.0.0.1/localhost aborted (the Playground's page asks a CDN
/// for fonts). Screenshots go to artifacts/screenshots/.
/// </summary>
public sealed class PlaygroundBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private PlaygroundBrowser(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Requests the page tried to send off this machine, all aborted.</summary>
    public List<string> BlockedRequests { get; } = [];

    public static string ScreenshotFolder { get; } = Path.Combine(RepoPaths.Root, "artifacts", "screenshots");

    public static async Task<PlaygroundBrowser> OpenAsync(Uri playground)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run `bash scripts/install-prerequisites.sh` (it installs Debian's chromium with apt).");
        }
        // The whole suite shares two cores; a page waits for the bot longer than Playwright's 5 s default before failing.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var opened = new PlaygroundBrowser(playwright, browser, page);
        await page.RouteAsync("**/*", async route =>
        {
            if (IsLoopback(new Uri(route.Request.Url)))
            {
                await route.ContinueAsync();
                return;
            }
            lock (opened.BlockedRequests)
            {
                opened.BlockedRequests.Add(route.Request.Url);
            }
            await route.AbortAsync("blockedbyclient");
        });
        await page.GotoAsync(playground.ToString());
        return opened;
    }

    public static bool IsLoopback(Uri url) =>
        url.Scheme is "data" or "blob" || url.Host is "127.0.0.1" or "localhost" or "[::1]";

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
