using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Hardening;

/// <summary>
/// Malformed and adversarial activities, as anyone on the internet could POST them: each gets a 4xx or a polite answer,
/// never a 500, and none changes what the bot has stored.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private const string OtherTenant = "11111111-2222-3333-4444-555555555555";

    private ConnectorStandIn _connector = null!;
    private BotHost _bot = null!;
    private TeamsActivities _teams = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        var settings = BotHost.LocalSettings();
        settings["Bot:AllowedTenantIds:0"] = TeamsActivities.TenantId;
        _bot = await BotHost.StartAsync(settings);
        _teams = new TeamsActivities(_connector.ServiceUrl);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    public static TheoryData<string> WrongKinds()
    {
        var data = new TheoryData<string>();
        string[] fields = ["id", "timestamp", "serviceUrl", "channelId", "from", "conversation", "recipient", "text", "attachments",
                           "entities", "membersAdded", "name", "replyToId", "suggestedActions", "locale", "textFormat", "action"];
        JsonNode?[] wrong = [JsonValue.Create(42), JsonValue.Create(true), new JsonArray(1, 2), new JsonObject { ["x"] = 1 }, JsonValue.Create("text")];
        foreach (var field in fields)
        {
            foreach (var value in wrong)
            {
                data.Add($"{field}={value?.ToJsonString()}");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WrongKinds))]
    public async Task WrongKindForAField_IsAClientErrorOrIgnored_NeverA500(string replacement)
    {
        var (field, json) = (replacement[..replacement.IndexOf('=')], replacement[(replacement.IndexOf('=') + 1)..]);
        var activity = _teams.Message("hello");
        activity[field] = JsonNode.Parse(json);

        var response = await _bot.SendAsync(activity);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{field}={json} answered {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\",\"from\":{\"id\":")]
    [InlineData("{\"type\":\"message\"")]
    [InlineData("\u0000\u0001\u0002")]
    [InlineData("{\"type\":\"message\",\"text\":\"\\ud800\"}")]
    [InlineData("{\"type\":\"invoke\",\"name\":\"adaptiveCard/action\",\"value\":\"approve\"}")]
    public async Task TruncatedOrGarbledBodies_Are400(string body)
    {
        var response = await _bot.PostBodyAsync(body);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK, $"answered {(int)response.StatusCode}");
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task DeeplyNestedValue_Is400()
    {
        var body = "{\"type\":\"message\",\"value\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        var response = await _bot.PostBodyAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task HugeTextJustUnderTheLimit_IsAnsweredPolitely()
    {
        var response = await _bot.SendAsync(_teams.Message(new string('a', 200_000)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await _connector.WaitForMessagesAsync(1));
    }

    public static TheoryData<string> ForgedInvokeValues() =>
    [
        "null",
        "{}",
        "{\"action\":{}}",
        "{\"action\":{\"type\":\"Action.Execute\"}}",
        "{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"approve\"}}",
        "{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"approve\",\"data\":{\"requestId\":42}}}",
        "{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"approve\",\"data\":{\"requestId\":\"no-such-request\",\"revision\":1e30}}}",
        "{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"reject\",\"data\":{\"requestId\":\"no-such-request\",\"comment\":{\"x\":1}}}}",
        "{\"action\":{\"type\":\"Action.Execute\",\"verb\":\"launchMissiles\",\"data\":[]}}",
        "{\"action\":\"approve\"}",
    ];

    [Theory]
    [MemberData(nameof(ForgedInvokeValues))]
    public async Task ForgedInvokes_AreAnsweredWithoutA500_AndChangeNothing(string value)
    {
        var invoke = _teams.AdaptiveCardAction("approve");
        invoke["value"] = JsonNode.Parse(value);

        var response = await _bot.SendAsync(invoke);

        Assert.True((int)response.StatusCode < 500, $"answered {(int)response.StatusCode}");
        await AssertNothingStoredForTheConversationAsync();
    }

    [Fact]
    public async Task UnknownInvokeName_Is400()
    {
        var invoke = _teams.AdaptiveCardAction("approve");
        invoke["name"] = "task/fetch";

        var response = await _bot.SendAsync(invoke);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task MessageFromAnotherTenant_IsRefusedPolitely_AndStoresNothing()
    {
        var message = _teams.Message("my requests");
        message["conversation"]!["tenantId"] = OtherTenant;
        message["channelData"]!["tenant"]!["id"] = OtherTenant;

        var response = await _bot.SendAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refusal = Assert.Single(await _connector.WaitForMessagesAsync(1));
        Assert.Contains("only serves the school", refusal.Text);
        await AssertNothingStoredForTheConversationAsync();
    }

    [Fact]
    public async Task InvokeFromAnotherTenant_IsRefused()
    {
        var invoke = _teams.AdaptiveCardAction("approve", new JsonObject { ["requestId"] = "any" });
        invoke["conversation"]!["tenantId"] = OtherTenant;
        invoke["channelData"]!["tenant"]!["id"] = OtherTenant;

        var response = await _bot.SendAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(403, body["statusCode"]!.GetValue<int>());
    }

    /// <summary>Where a hostile string goes in a message that is otherwise as Teams sends it.</summary>
    public static TheoryData<string> TextThatIsNotText() => ["value", "channelData"];

    [Theory]
    [MemberData(nameof(TextThatIsNotText))]
    public async Task InvalidUtf8InValueOrChannelData_Is400_AndNoTurnRuns(string member)
    {
        var body = Encoding.UTF8.GetBytes(MessageWithPlaceholderIn(member));
        body[body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Placeholder))] = 0xC0; // a byte UTF-8 never uses

        var response = await _bot.PostBodyAsync(body);

        await AssertRefusedAsync(response, "it is not valid UTF-8");
        await AssertNoTurnRanAsync();
    }

    [Theory]
    [MemberData(nameof(TextThatIsNotText))]
    public async Task LoneSurrogateEscapesInValueOrChannelData_Are400_AndNoTurnRuns(string member)
    {
        var body = MessageWithPlaceholderIn(member).Replace(Placeholder, "\\ud800 half an emoji", StringComparison.Ordinal);

        var response = await _bot.PostBodyAsync(Encoding.UTF8.GetBytes(body));

        await AssertRefusedAsync(response, "unpaired UTF-16 surrogate escape");
        await AssertNoTurnRanAsync();
    }

    [Fact]
    public async Task MessageWithANumericChannelDataTenant_IsRefusedPolitely_AndStoresNothing()
    {
        var message = _teams.Message("my requests");
        message["channelData"]!["tenant"]!["id"] = 12;

        var response = await _bot.SendAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refusal = Assert.Single(await _connector.WaitForMessagesAsync(1));
        Assert.Contains("only serves the school", refusal.Text);
        await AssertNothingStoredForTheSenderAsync();
        Assert.Empty(_bot.Logs.Entries);
    }

    [Fact]
    public async Task InvokeWithANumericChannelDataTenant_IsRefused_AndStoresNothing()
    {
        var invoke = _teams.AdaptiveCardAction("approve", new JsonObject { ["requestId"] = "any" });
        invoke["channelData"]!["tenant"]!["id"] = 12;

        var response = await _bot.SendAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(403, body["statusCode"]!.GetValue<int>());
        await AssertNothingStoredForTheSenderAsync();
        Assert.Empty(_bot.Logs.Entries);
    }

    [Theory]
    [InlineData("message", null)]
    [InlineData("message", "not a url")]
    [InlineData("message", "ftp://smba.trafficmanager.net/uk/")]
    [InlineData("invoke", null)]
    [InlineData("conversationUpdate", null)]
    [InlineData("installationUpdate", null)]
    public async Task ActivityWithoutAUsableServiceUrl_Is400_AndNoTurnRuns(string type, string? serviceUrl)
    {
        var activity = type switch
        {
            "invoke" => _teams.AdaptiveCardAction("refresh", new JsonObject { ["requestId"] = "any" }),
            "conversationUpdate" => _teams.MembersAdded(),
            "installationUpdate" => _teams.InstallationAdd(),
            _ => _teams.Message("help"),
        };
        activity["serviceUrl"] = serviceUrl;

        var response = await _bot.SendAsync(activity);

        await AssertRefusedAsync(response, "serviceUrl");
        await AssertNoTurnRanAsync();
    }

    [Fact]
    public async Task MessageWithoutAConversationId_Is400_AndNoTurnRuns()
    {
        var message = _teams.Message("help");
        message["conversation"]!.AsObject().Remove("id");

        var response = await _bot.SendAsync(message);

        await AssertRefusedAsync(response, "conversation.id");
        await AssertNoTurnRanAsync();
    }

    private const string Placeholder = "HOSTILE-TEXT-GOES-HERE";

    /// <summary>A message as Teams sends it, with <see cref="Placeholder"/> as a string inside <paramref name="member"/>.</summary>
    private string MessageWithPlaceholderIn(string member)
    {
        var message = _teams.Message("my requests");
        (message[member] ??= new JsonObject())["question"] = Placeholder;
        return message.ToJsonString();
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(reason, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>Refused before the turn: nothing stored, nothing sent to the Connector, nothing logged (a turn that
    /// failed inside logs its exception).</summary>
    private async Task AssertNoTurnRanAsync()
    {
        await AssertNothingStoredForTheSenderAsync();
        Assert.Empty(_connector.Requests);
        Assert.Empty(_bot.Logs.Entries);
    }

    private async Task AssertNothingStoredForTheConversationAsync()
    {
        var store = _bot.Services.GetRequiredService<IStateStore>();
        Assert.Null(await store.ReadAsync($"msteams/conversations/{_teams.ConversationId}", CancellationToken.None));
    }

    /// <summary>No conversation state, no user state, and no conversation reference remembered for the sender.</summary>
    private async Task AssertNothingStoredForTheSenderAsync()
    {
        await AssertNothingStoredForTheConversationAsync();
        var store = _bot.Services.GetRequiredService<IStateStore>();
        Assert.Null(await store.ReadAsync($"msteams/users/{_teams.UserId}", CancellationToken.None));
        var references = _bot.Services.GetRequiredService<IConversationReferenceStore>();
        Assert.Null(await references.GetAsync(_teams.UserAadId, CancellationToken.None));
    }
}
