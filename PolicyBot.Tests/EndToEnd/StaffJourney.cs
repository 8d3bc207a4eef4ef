using static PolicyBot.Tests.Infrastructure.JsonTree;
using System.Net;
using System.Text.Json.Nodes;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.EndToEnd;

/// <summary>
/// The sample school's people talking to the real bot over /api/messages, as Teams would send their activities, with
/// the bot's messages arriving at a local Connector stand-in. Each person has their own 1:1 conversation.
/// </summary>
public sealed class StaffJourney : IAsyncDisposable
{
    public const string SamId = "00000000-0000-0000-0000-0000000000c1";
    public const string MarcusId = "00000000-0000-0000-0000-0000000000b1";
    public const string HelenId = "00000000-0000-0000-0000-0000000000a1";

    private readonly bool _ownsConnector;

    private StaffJourney(ConnectorStandIn connector, BotHost bot, bool ownsConnector)
    {
        _ownsConnector = ownsConnector;
        Connector = connector;
        Bot = bot;
        Sam = new TeamsActivities(connector.ServiceUrl, SamId, "Sam Taylor");
        Marcus = new TeamsActivities(connector.ServiceUrl, MarcusId, "Marcus Reid");
        Helen = new TeamsActivities(connector.ServiceUrl, HelenId, "Helen Carter");
    }

    public ConnectorStandIn Connector { get; }
    public BotHost Bot { get; }
    public TeamsActivities Sam { get; }
    public TeamsActivities Marcus { get; }
    public TeamsActivities Helen { get; }

    /// <param name="connector">A Connector stand-in to share (and keep) across journeys, e.g. over a restart.</param>
    public static async Task<StaffJourney> StartAsync(string? sqlitePath = null, ConnectorStandIn? connector = null)
    {
        var ownsConnector = connector is null;
        connector ??= await ConnectorStandIn.StartAsync();
        var settings = BotHost.LocalSettings(sqlitePath);
        settings["Approvals:ServiceUrl"] = connector.ServiceUrl;
        settings["Approvals:TenantId"] = TeamsActivities.TenantId;
        settings["Approvals:OutboxPollInterval"] = "00:00:00.200";
        return new StaffJourney(connector, await BotHost.StartAsync(settings), ownsConnector);
    }

    /// <summary>Says <paramref name="text"/> as <paramref name="person"/> and returns the bot's replies to that message
    /// (not the proactive messages that may arrive meanwhile).</summary>
    public async Task<IReadOnlyList<RecordedRequest>> SayAsync(TeamsActivities person, string text)
    {
        var message = person.Message(text);
        var response = await Bot.SendAsync(message);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = message["id"]!.GetValue<string>();
        return Connector.Messages.Where(m => InConversation(m, person) && m.Body?["replyToId"]?.GetValue<string>() == id).ToList();
    }

    /// <summary>Says <paramref name="text"/> and checks that the bot's last message to that turn contains <paramref name="expected"/>.</summary>
    public async Task ExpectAsync(TeamsActivities person, string text, string expected)
    {
        var replies = await SayAsync(person, text);
        Assert.True(replies.Count > 0, $"No reply to \"{text}\".");
        var last = Describe(replies[^1]);
        Assert.True(last.Contains(expected, StringComparison.OrdinalIgnoreCase), $"After \"{text}\" expected \"{expected}\" but the bot said: {last}");
    }

    /// <summary>Presses an Action.Execute button as <paramref name="person"/>; returns the invoke response body.</summary>
    public async Task<JsonObject> PressAsync(TeamsActivities person, string verb, JsonObject data)
    {
        var response = await Bot.SendAsync(person.AdaptiveCardAction(verb, data));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Waits for an approval card whose buttons are for <paramref name="approverId"/>, and returns the card.</summary>
    public async Task<JsonObject> WaitForApprovalCardAsync(string approverId)
    {
        JsonObject? card = null;
        var arrived = await Connector.WaitUntilAsync(c =>
        {
            card = c.Messages.Select(m => m.FirstCard).LastOrDefault(cardJson => IsApprovalCardFor(cardJson, approverId));
            return card is not null;
        });
        Assert.True(arrived, $"No approval card for {approverId} arrived. Messages: {string.Join(" | ", Connector.Messages.Select(Describe))}");
        return card!;
    }

    /// <summary>The data of the card's Action.Execute button with <paramref name="verb"/>.</summary>
    public static JsonObject ButtonData(JsonObject card, string verb) =>
        Descendants(card).First(o => o["type"]?.GetValue<string>() == "Action.Execute" && o["verb"]?.GetValue<string>() == verb)["data"]!.DeepClone().AsObject();

    public static bool HasButton(JsonNode card, string verb) =>
        Descendants(card).Any(o => o["type"]?.GetValue<string>() == "Action.Execute" && o["verb"]?.GetValue<string>() == verb);

    /// <summary>Everything a message says, its text and its card's texts, for assertions and failure messages.</summary>
    public static string Describe(RecordedRequest message) =>
        string.Join(" ", new[] { message.Text ?? "" }.Concat(message.FirstCard is { } card ? Texts(card) : []));

    public static IEnumerable<string> Texts(JsonNode card) =>
        Descendants(card).SelectMany(o => new[] { o["text"], o["title"], o["value"] }).OfType<JsonValue>()
            .Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(v => v.GetValue<string>());

    private static bool IsApprovalCardFor(JsonObject? card, string approverId) =>
        card?["refresh"]?["userIds"] is JsonArray ids && ids.Any(id => id?.GetValue<string>() == approverId) && HasButton(card, "approve");

    private static bool InConversation(RecordedRequest message, TeamsActivities person) =>
        message.Body?["conversation"]?["id"]?.GetValue<string>() == person.ConversationId;

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        if (_ownsConnector)
        {
            await Connector.DisposeAsync();
        }
    }
}
