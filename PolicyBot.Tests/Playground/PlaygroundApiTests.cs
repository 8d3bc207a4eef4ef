using System.Text.Json.Nodes;

namespace PolicyBot.Tests.Playground;

/// <summary>The bot in the Agents Playground, driven through the Playground's HTTP API as its web page drives it.</summary>
public sealed class PlaygroundApiTests(PlaygroundFixture fixture) : IClassFixture<PlaygroundFixture>
{
    [Fact]
    public async Task Help_IsAnsweredWithTheWelcomeCard()
    {
        await using var sam = await PlaygroundClient.ConnectAsync(fixture.Playground.BaseAddress);
        var before = sam.BotMessages.Count;

        await sam.SendAsync("help");

        var reply = (await sam.WaitForBotMessagesAsync(before + 1))[before];
        var card = reply["attachments"]![0]!["content"]!.AsObject();
        Assert.Contains("PolicyBot", card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(["Ask a question", "Apply for a site", "My requests"], ButtonTitles(card));
    }

    [Fact]
    public async Task WelcomeCardButton_SendsItsCommandThroughThePlayground()
    {
        await using var sam = await PlaygroundClient.ConnectAsync(fixture.Playground.BaseAddress);
        var before = sam.BotMessages.Count;
        await sam.SendAsync("hi");
        var welcome = (await sam.WaitForBotMessagesAsync(before + 1))[before];

        var askAQuestion = welcome["attachments"]![0]!["content"]!["actions"]![0]!["data"]!.AsObject();
        await sam.SubmitAsync(welcome["messageId"]!.ToString(), askAQuestion.DeepClone().AsObject());

        var reply = (await sam.WaitForBotMessagesAsync(before + 2))[before + 1];
        Assert.Equal(["Ask a question", "Apply for a site", "My requests"], ButtonTitles(reply["attachments"]![0]!["content"]!.AsObject()));
    }

    [Fact]
    public async Task SignedInUser_IsTheSampleDirectorysPerson()
    {
        await using var sam = await PlaygroundClient.ConnectAsync(fixture.Playground.BaseAddress);

        Assert.Equal("Sam Taylor", sam.UserName);
        Assert.Equal("29:00000000-0000-0000-0000-0000000000c1", sam.UserId);
    }

    private static string[] ButtonTitles(JsonObject card) =>
        card["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToArray();
}
