using System.Text.Json;
using Microsoft.Playwright;

namespace PolicyBot.Tests.Shipping;

/// <summary>
/// Renders Adaptive Cards in headless Chromium with the official adaptivecards JS renderer (npm adaptivecards),
/// the same library family Teams uses, with markdown-it for markdown, and reports every parse and validation event it raises.
/// Share it with <c>IClassFixture&lt;AdaptiveCardRenderer&gt;</c> or a collection fixture: one browser and one page serve
/// many cards, rendered one at a time.
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
    private const string MarkdownScriptUrl = Origin + "/markdown-it.min.js";

    private const string PageHtml = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>card</title>
        <script src="/markdown-it.min.js"></script><script src="/adaptivecards.min.js"></script></head>
        <body style="width:420px;margin:0;padding:8px;background:#fff"><div id="card"></div></body></html>
        """;

    // Parses with a SerializationContext targeting the host's version, validates, then renders.
    // Markdown goes through markdown-it (window.markdownit, which the library picks up itself), CommonMark with raw HTML
    // off. Teams applies its own subset, but both honour backslash escapes, so text CardText.Escape made literal shows
    // literally here too, and an unescaped [link](url) in user text would show here as an <a>.
    private const string RenderScript = """
        async ([json, version]) => {
          const AC = window.AdaptiveCards;
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
          // Every image loads or fails (a blocked one fails at once) before this returns, so its request counts for this card.
          await Promise.all([...target.querySelectorAll("img")].filter(img => !img.complete).map(img =>
            new Promise(done => { img.addEventListener("load", done); img.addEventListener("error", done); })));
          return { events, html: element ? element.outerHTML : "", text: element ? element.textContent : "" };
        }
        """;

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly SemaphoreSlim _oneCardAtATime = new(1, 1);
    private readonly Lock _gate = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage? _page;
    private string _script = "";
    private string _markdownScript = "";
    private List<string> _blocked = [];
    private List<string> _console = [];

    public string ChromiumPath { get; init; } = "/usr/bin/chromium";

    /// <summary>Starts Chromium and loads the page once; every card is then rendered into that page.</summary>
    public async Task InitializeAsync()
    {
        _script = await File.ReadAllTextAsync(Path.Combine(RepoFiles.NodeModules, "adaptivecards", "dist", "adaptivecards.min.js"));
        _markdownScript = await File.ReadAllTextAsync(Path.Combine(RepoFiles.NodeModules, "markdown-it", "dist", "browser", "markdown-it.umd.min.js"));
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} missing: apt-get install -y chromium");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ServiceWorkers = ServiceWorkerPolicy.Block });
        await context.RouteAsync("**/*", Serve);
        _page = await context.NewPageAsync();
        _page.Console += (_, message) =>
        {
            // A blocked request already shows in BlockedRequests; its "Failed to load resource" line adds nothing.
            if (message.Type is "warning" or "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                NoteConsole($"{message.Type}: {message.Text}");
            }
        };
        _page.PageError += (_, error) => NoteConsole($"page error: {error}");
        await _page.GotoAsync(PageUrl);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        _oneCardAtATime.Dispose();
    }

    /// <summary>Parses, validates and renders <paramref name="cardJson"/>, replacing the card rendered before.</summary>
    /// <param name="cardJson">The card, as the bot would send it in an attachment's content.</param>
    /// <param name="screenshotName">If set, a PNG of the rendered card is saved as TestResults/cards/{name}.png.</param>
    public async Task<CardRenderResult> RenderAsync(string cardJson, string? screenshotName = null)
    {
        var page = _page ?? throw new InvalidOperationException("the renderer is not initialised");
        await _oneCardAtATime.WaitAsync();
        try
        {
            lock (_gate)
            {
                (_blocked, _console) = ([], []);
            }
            var output = await page.EvaluateAsync<JsonElement>(RenderScript, new[] { cardJson, TeamsCardVersion });

            var issues = output.GetProperty("events").EnumerateArray()
                .Select(e => new CardValidationIssue(
                    e.GetProperty("phase").GetString() ?? "", e.GetProperty("event").GetString() ?? "", e.GetProperty("message").GetString() ?? ""))
                .ToList();
            var html = output.GetProperty("html").GetString() ?? "";
            var text = output.GetProperty("text").GetString() ?? "";

            string? screenshot = null;
            if (screenshotName is not null && html.Length > 0)
            {
                screenshot = RepoFiles.PathOf("PolicyBot.Tests", "TestResults", "cards", screenshotName + ".png");
                await page.Locator("#card").ScreenshotAsync(new LocatorScreenshotOptions { Path = screenshot });
            }

            lock (_gate)
            {
                return new CardRenderResult(issues, [.. _console], [.. _blocked], html, text, screenshot);
            }
        }
        finally
        {
            _oneCardAtATime.Release();
        }
    }

    private void NoteConsole(string line)
    {
        lock (_gate)
        {
            _console.Add(line);
        }
    }

    private Task Serve(IRoute route)
    {
        var url = route.Request.Url;
        return url switch
        {
            PageUrl => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = PageHtml }),
            ScriptUrl => Script(_script),
            MarkdownScriptUrl => Script(_markdownScript),
            _ => Block(),
        };

        Task Script(string body) => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/javascript; charset=utf-8", Body = body });

        Task Block()
        {
            lock (_gate)
            {
                _blocked.Add(url);
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
/// <param name="Text">The rendered card's text content (hidden parts included), as a reader would see it after markdown.</param>
public sealed record CardRenderResult(
    IReadOnlyList<CardValidationIssue> Issues,
    IReadOnlyList<string> ConsoleProblems,
    IReadOnlyList<string> BlockedRequests,
    string Html,
    string Text,
    string? ScreenshotPath)
{
    public bool Rendered => Html.Length > 0;

    /// <summary>Rendered, with no parse or validation events and no console warning or error.</summary>
    public bool IsClean => Rendered && Issues.Count == 0 && ConsoleProblems.Count == 0;

    public override string ToString() =>
        string.Join('\n', [$"rendered: {Rendered}", .. Issues.Select(i => i.ToString()), .. ConsoleProblems, .. BlockedRequests.Select(u => "blocked: " + u)]);
}
