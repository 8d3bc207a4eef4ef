using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Tests.EndToEnd;
using PolicyBot.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PolicyBot.Tests.Playground;

/// <summary>The bot in the Agents Playground's web page, as a newcomer uses it: type, read the card, press its buttons.</summary>
public sealed class PlaygroundBrowserTests(PlaygroundFixture fixture) : IClassFixture<PlaygroundFixture>
{
    [Fact]
    public async Task TypedHelp_ShowsTheWelcomeCard_AndItsButtonIsAnswered()
    {
        await using var browser = await OpenAsync(fixture.Playground, PlaygroundFixture.TeacherId);
        var page = browser.Page;
        var askAQuestion = page.GetByRole(AriaRole.Button, new() { Name = "Ask a question", Exact = true });

        // Opening the chat sends installationUpdate and conversationUpdate; the bot welcomes a conversation once (so a
        // chat another test opened first shows none), and what follows is counted after the typed "help".
        await browser.ScreenshotAsync("playground-1-opened");

        await TypeAsync(page, "help");
        var afterHelp = page.Locator("xpath=//*[normalize-space(text())='help']/following::button[normalize-space(.)='Ask a question']");
        await Expect(afterHelp).ToHaveCountAsync(1);
        await browser.ScreenshotAsync("playground-2-help-answered");

        await afterHelp.Last.ClickAsync();
        await Expect(afterHelp).ToHaveCountAsync(2);
        await browser.ScreenshotAsync("playground-3-button-answered");
    }

    [Fact]
    public async Task PolicyQuestion_IsAnsweredWithTheClausesItRestsOn()
    {
        await using var browser = await OpenAsync(fixture.Playground, PlaygroundFixture.TeacherId);
        var page = browser.Page;

        await TypeAsync(page, "a year 9 pupil added me on instagram, can I accept?");

        var showWords = page.GetByRole(AriaRole.Button, new() { Name = "Show the policy's words" });
        await Expect(showWords.Last).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex(@"^No\b")).Last).ToBeVisibleAsync(); // the verdict, e.g. "No — decline it ..."
        await Expect(page.GetByText("Policy 6.").Last).ToBeVisibleAsync();
        // The clauses' own words ("6.5 · Section title" and the text) are hidden until asked for.
        var clauseHeading = page.GetByText(new Regex(@"^\d+(\.\d+)+ · "));
        await Expect(clauseHeading).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("playground-policy-answer");

        await showWords.Last.ClickAsync();
        await Expect(clauseHeading.First).ToBeVisibleAsync();
        await browser.ScreenshotAsync("playground-policy-answer-clauses");
    }

    [Fact]
    public async Task LineManager_ApprovesFromTheCard_AndTheCardChanges()
    {
        // Marcus Reid (Sam Taylor's line manager) opens his own Playground first; the bot remembers his chat from the
        // activities opening it sends.
        var marcusPlayground = await fixture.StartPlaygroundAsync(PlaygroundFixture.LineManager);
        await using var managerBrowser = await OpenAsync(marcusPlayground, StaffJourney.MarcusId);
        var references = fixture.Bot.Services.GetRequiredService<IConversationReferenceStore>();
        var marcusChat = await references.GetAsync(StaffJourney.MarcusId, CancellationToken.None);
        Assert.True(marcusChat?.ServiceUrl?.StartsWith(marcusPlayground.ServiceUrl, StringComparison.Ordinal) == true,
            $"The bot did not remember Marcus's chat in his Playground: {marcusChat?.ServiceUrl ?? "nothing stored"}");

        // Sam applies for a site, typing the form's answers in his own Playground (its HTTP API, as its page does).
        await using var sam = await PlaygroundClient.ConnectAsync(fixture.Playground.BaseAddress);
        await SamAppliesByTypingAsync(sam);

        // The approval card reaches Marcus's page; he approves, and the card changes in place to the request's next stage.
        var page = managerBrowser.Page;
        var approve = page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true });
        await Expect(approve).ToHaveCountAsync(1);
        await Expect(page.GetByText("Sam Taylor").First).ToBeVisibleAsync();
        await managerBrowser.ScreenshotAsync("playground-approval-card");

        await approve.ClickAsync();
        await Expect(page.GetByText("Waiting for Helen Carter (headteacher)").Last).ToBeVisibleAsync();
        await Expect(approve).ToHaveCountAsync(0);
        await managerBrowser.ScreenshotAsync("playground-approval-decided");
    }

    /// <summary>
    /// Opens the Playground's page and waits until the bot has handled both activities opening it sends (installationUpdate
    /// and conversationUpdate), so whatever the bot says to them is already in the chat.
    /// </summary>
    private async Task<PlaygroundBrowser> OpenAsync(PlaygroundProcess playground, string userAadId)
    {
        var from = "29:" + userAadId;
        int Opened(IReadOnlyList<HandledActivity> handled, string type) => handled.Count(a => a.FromId == from && a.Type == type);
        var before = fixture.Bot.Handled.All;
        var browser = await PlaygroundBrowser.OpenAsync(playground.BaseAddress);
        var opened = await fixture.Bot.Handled.WaitUntilAsync(all =>
            Opened(all, "installationUpdate") > Opened(before, "installationUpdate") &&
            Opened(all, "conversationUpdate") > Opened(before, "conversationUpdate"));
        if (!opened)
        {
            await browser.DisposeAsync();
            Assert.Fail($"The bot did not handle the activities opening the page sends. Handled: {string.Join(", ", fixture.Bot.Handled.All)}\n{playground.Output}");
        }
        // The bot welcomes a conversation once, so a page reopened on the same chat shows no welcome: wait for the chat box.
        await Expect(browser.Page.Locator("[data-lexical-editor='true']")).ToBeVisibleAsync();
        return browser;
    }

    /// <summary>The whole form typed, as <see cref="ApplyAndApproveOverHttpTests"/> types it, one answer per turn.</summary>
    /// <remarks>If the form stops short, it is cancelled, so the other tests in Sam's chat are not answered by the form.</remarks>
    private async Task SamAppliesByTypingAsync(PlaygroundClient sam)
    {
        try
        {
            await SayAsync(sam, "I'd like to set up an Instagram for my class", "Which department");
            await SayAsync(sam, "yes", "Are you the author");
            await SayAsync(sam, "yes", "Marcus Reid");
            await SayAsync(sam, "yes", "Why do you want");
            await SayAsync(sam, "To share Year 9 geography fieldwork photos and write-ups with families.", "aim");
            await SayAsync(sam, "Pupils write for a real audience; it replaces paper displays.", "time");
            await SayAsync(sam, "An hour a week; Jordan Lee covers when I'm away.", "judge");
            await SayAsync(sam, "Termly review of pupils' work and parents' feedback.", "Who is the site for");
            await SayAsync(sam, "pupils and parents", "post or comment");
            await SayAsync(sam, "pupils", "administer");
            await SayAsync(sam, "Sam Taylor and jordan.lee@emlm.example", "moderate");
            await SayAsync(sam, "Marcus Reid, Jordan Lee", "host");
            await SayAsync(sam, "a third party", "Which service");
            await SayAsync(sam, "Instagram", "minimum age");
            await SayAsync(sam, "yes", "goes live");
            await SayAsync(sam, $"1/9/{DateTime.UtcNow.Year + 1}", "close the site");
            await SayAsync(sam, $"31 July {DateTime.UtcNow.Year + 2}", "parents");
            await SayAsync(sam, "A letter home with a consent slip, filed before pupils post.", "unwanted");
            await SayAsync(sam, "Private account; followers approved by two moderators.", "privacy");
            await SayAsync(sam, "yes", "logo");
            await SayAsync(sam, "no", "moderated");
            await SayAsync(sam, "Moderators check new posts daily.", "Submit");
            await SayAsync(sam, "submit", "Submitted");
        }
        catch
        {
            await Record.ExceptionAsync(() => SayAsync(sam, "cancel", "")); // the form's failure is the one to report
            throw;
        }
    }

    /// <summary>
    /// Types <paramref name="text"/> as the Playground's user, waits for a reply saying <paramref name="expected"/>, and
    /// then for the bot to have finished the turn: a reply can arrive before the turn's state is saved, and a message
    /// typed then would be handled against the state before it.
    /// </summary>
    private async Task SayAsync(PlaygroundClient person, string text, string expected)
    {
        int Messages(IReadOnlyList<HandledActivity> handled) => handled.Count(a => a.FromId == person.UserId && a.Type == "message");
        var before = Messages(fixture.Bot.Handled.All);
        await person.ExpectAsync(text, expected);
        Assert.True(await fixture.Bot.Handled.WaitUntilAsync(all => Messages(all) > before), $"The bot did not finish the turn for \"{text}\".");
    }

    private static async Task TypeAsync(IPage page, string text)
    {
        var box = page.Locator("[data-lexical-editor='true']");
        await box.ClickAsync();
        await box.PressSequentiallyAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send Message" }).ClickAsync();
    }
}
