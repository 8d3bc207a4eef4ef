using System.Text.Json;
using Microsoft.Playwright;

namespace PolicyBot.Tests.Shipping;

/// <summary>
/// Renders Adaptive Cards in headless Chromium with the official adaptivecards JS renderer (npm adaptivecards),
/// the same library family Teams uses, and reports every parse and validation event it raises.
/// Share it with <c>IClassFixture&lt;AdaptiveCardRenderer&gt;</c> or a collection fixture: one browser serves many cards.
/// Nothing leaves the machine: the page and the script are served by route fulfilment on 127.0.0.1,
/// and every other request is aborted and listed in <see cref="CardRenderResult.BlockedRequests"/>.
/// Needs <c>/usr/bin/chromium</c> (Debian package chromium) and <c>npm ci</c> at the repository root.
/// </summary>
public sealed class AdaptiveCardRenderer : IAsyncLifetime
{
    /// <summary>The schema version Teams renders; properties newer than this are reported as unsupported.</summary>
    public const string TeamsCardVersion = "1.5";

    private const string Origin = "http://127.0.0.1";
    private const string PageUrl = Origin + "/card.html";
    private const string ScriptUrl = Origin + "/adaptivecards.min.js";

    private const string PageHtml = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>card</title>
        <script src="/adaptivecards.min.js"></script></head>
        <body style="width:420px;margin:0;padding:8px;background:#fff"><div id="card"></div></body></html>
        """;

    // Parses with a SerializationContext targeting the host's version, validates, then renders.
    // Markdown is left as plain text (Teams applies its own), which also keeps the library from warning that no
    // markdown processor is loaded.
    private const string RenderScript = """
        ([json, version]) => {
          const AC = window.AdaptiveCards;
          AC.AdaptiveCard.onProcessMarkdown = (_text, result) => { result.didProcess = false; };
          const describe = (e) => ({
            phase: AC.ValidationPhase[e.phase], event: AC.ValidationEvent[e.event], message: e.message });
          const context = new AC.SerializationContext(AC.Version.parse(version, new AC.SerializationContext()));
          const card = new AC.AdaptiveCard();
          card.parse(JSON.parse(json), context);
          const events = [];
          for (let i = 0; i < context.eventCount; i++) events.push(describe(context.getEventAt(i)));
          events.push(...card.validateProperties().validationEvents.map(describe));
          const target = document.getElementById("card");
          target.replaceChildren();
          const element = card.render();
          if (element) target.appendChild(element);
          return { events, html: element ? element.outerHTML : "" };
        }
        """;

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _script = "";

    public string ChromiumPath { get; init; } = "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        _script = await File.ReadAllTextAsync(Path.Combine(RepoFiles.NodeModules, "adaptivecards", "dist", "adaptivecards.min.js"));
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} missing: apt-get install -y chromium");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
    }

    /// <summary>Parses, validates and renders <paramref name="cardJson"/>.</summary>
    /// <param name="cardJson">The card, as the bot would send it in an attachment's content.</param>
    /// <param name="screenshotName">If set, a PNG of the rendered card is saved as TestResults/cards/{name}.png.</param>
    public async Task<CardRenderResult> RenderAsync(string cardJson, string? screenshotName = null)
    {
        var browser = _browser ?? throw new InvalidOperationException("the renderer is not initialised");
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ServiceWorkers = ServiceWorkerPolicy.Block });
        var blocked = new List<string>();
        var console = new List<string>();
        await context.RouteAsync("**/*", route => Serve(route, blocked));

        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            // A blocked request already shows in BlockedRequests; its "Failed to load resource" line adds nothing.
            if (message.Type is "warning" or "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                console.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => console.Add($"page error: {error}");

        await page.GotoAsync(PageUrl);
        var output = await page.EvaluateAsync<JsonElement>(RenderScript, new[] { cardJson, TeamsCardVersion });

        var issues = output.GetProperty("events").EnumerateArray()
            .Select(e => new CardValidationIssue(
                e.GetProperty("phase").GetString() ?? "", e.GetProperty("event").GetString() ?? "", e.GetProperty("message").GetString() ?? ""))
            .ToList();
        var html = output.GetProperty("html").GetString() ?? "";

        string? screenshot = null;
        if (screenshotName is not null && html.Length > 0)
        {
            screenshot = RepoFiles.PathOf("PolicyBot.Tests", "TestResults", "cards", screenshotName + ".png");
            await page.Locator("#card").ScreenshotAsync(new LocatorScreenshotOptions { Path = screenshot });
        }

        return new CardRenderResult(issues, console, blocked, html, screenshot);
    }

    private Task Serve(IRoute route, List<string> blocked)
    {
        var url = route.Request.Url;
        return url switch
        {
            PageUrl => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = PageHtml }),
            ScriptUrl => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/javascript; charset=utf-8", Body = _script }),
            _ => Block(),
        };

        Task Block()
        {
            lock (blocked)
            {
                blocked.Add(url);
            }
            return route.AbortAsync("blockedbyclient");
        }
    }
}

/// <summary>One event raised by the adaptivecards library while parsing or validating a card.</summary>
/// <param name="Phase">Parse, ToJSON or Validation.</param>
/// <param name="Event">The library's ValidationEvent name, e.g. UnknownElementType.</param>
public sealed record CardValidationIssue(string Phase, string Event, string Message)
{
    public override string ToString() => $"{Phase}/{Event}: {Message}";
}

/// <summary>What rendering a card produced. <see cref="IsClean"/> is what a card test should assert.</summary>
public sealed record CardRenderResult(
    IReadOnlyList<CardValidationIssue> Issues,
    IReadOnlyList<string> ConsoleProblems,
    IReadOnlyList<string> BlockedRequests,
    string Html,
    string? ScreenshotPath)
{
    public bool Rendered => Html.Length > 0;

    /// <summary>Rendered, with no parse or validation events and no console warning or error.</summary>
    public bool IsClean => Rendered && Issues.Count == 0 && ConsoleProblems.Count == 0;

    public override string ToString() =>
        string.Join('\n', [$"rendered: {Rendered}", .. Issues.Select(i => i.ToString()), .. ConsoleProblems, .. BlockedRequests.Select(u => "blocked: " + u)]);
}
