using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.Hosting;

/// <summary>POST /api/messages over real HTTP, in local mode, with the bot's replies arriving at a Connector stand-in.</summary>
public sealed class MessagesEndpointTests : IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;
    private BotHost _bot = null!;
    private TeamsActivities _teams = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _bot = await BotHost.StartAsync();
        _teams = new TeamsActivities(_connector.ServiceUrl);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Message_WithoutCredentials_IsAnsweredAtTheConnectorAsAReply()
    {
        var message = _teams.Message("help");

        var response = await _bot.SendAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await _connector.WaitForMessagesAsync(1));
        Assert.Equal("POST", reply.Method);
        Assert.Equal($"/v3/conversations/{_teams.ConversationId}/activities/{message["id"]!.GetValue<string>()}", reply.Path);
        Assert.Equal(_teams.ConversationId, reply.Body?["conversation"]?["id"]?.GetValue<string>());
        Assert.Null(reply.Authorization);
    }

    [Fact]
    public async Task InstallingTheApp_SendsTheWelcomeWithTheMainActions()
    {
        await _bot.SendAsync(_teams.InstallationAdd());

        var welcome = Assert.Single(await _connector.WaitForMessagesAsync(1));
        var card = welcome.FirstCard!;
        Assert.Equal(2, card["body"]!.AsArray().Count);
        var buttons = card["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToList();
        Assert.Contains("Apply for a site", buttons);
        Assert.Contains("Ask a question", buttons);
    }

    [Fact]
    public async Task MemberAdded_SendsTheWelcome()
    {
        await _bot.SendAsync(_teams.MembersAdded());

        var welcome = Assert.Single(await _connector.WaitForMessagesAsync(1));
        Assert.Equal("application/vnd.microsoft.card.adaptive", welcome.Body?["attachments"]?[0]?["contentType"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("message")]
    [InlineData("invoke")]
    public async Task EveryTurn_SaysItsServerSideDuration_InAServerTimingHeader(string type)
    {
        var activity = type == "message" ? _teams.Message("help") : _teams.AdaptiveCardAction("refresh");

        var response = await _bot.SendAsync(activity);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
        var match = Regex.Match(timing, @"^turn;dur=(\d+(\.\d+)?)$");
        Assert.True(match.Success, timing);
        var milliseconds = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(milliseconds, 0, 60_000);
    }

    [Fact]
    public async Task InstallAndMemberAdded_WelcomeOnce_ButHelpAlwaysAnswers()
    {
        await _bot.SendAsync(_teams.InstallationAdd());
        await _bot.SendAsync(_teams.MembersAdded());
        await _bot.SendAsync(_teams.Message("help"));

        var messages = await _connector.WaitForMessagesAsync(2);
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.StartsWith("Hi, I'm PolicyBot", m.FirstCard!["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RedeliveredActivity_IsAnsweredOnce()
    {
        var message = _teams.Message("help");

        await _bot.SendAsync(message);
        var second = await _bot.SendAsync(message);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await _connector.WaitForMessagesAsync(1);
        await _bot.SendAsync(_teams.Message("help"));
        await _connector.WaitForMessagesAsync(2);
        Assert.Equal(2, _connector.Messages.Count);
    }

    [Fact]
    public async Task UnknownActivityType_IsAcknowledgedAndIgnored()
    {
        var activity = _teams.Message("ignored");
        activity["type"] = "somethingNew";

        var response = await _bot.SendAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _bot.SendAsync(_teams.Message("help"));
        var only = Assert.Single(await _connector.WaitForMessagesAsync(1));
        Assert.NotNull(only.FirstCard);
    }

    [Theory]
    [InlineData("{\"type\": \"message\", \"text\": ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"type\": \"message\", \"from\": 5}")]
    [InlineData("{\"type\": 7}")]
    [InlineData("{\"type\": \"message\", \"attachments\": {\"a\": 1}}")]
    public async Task MalformedBody_Is400WithProblemDetails(string body)
    {
        var response = await _bot.PostBodyAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(400, problem?["status"]?.GetValue<int>());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"type\": \"\", \"text\": \"hi\"}")]
    [InlineData("null")]
    public async Task ActivityWithoutType_Is400(string body)
    {
        var response = await _bot.PostBodyAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("type", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task WrongContentType_Is415(string contentType)
    {
        var response = await _bot.PostBodyAsync(_teams.Message("hi").ToJsonString(), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task BodyOver256KB_Is413()
    {
        var activity = _teams.Message(new string('x', 300 * 1024));

        var response = await _bot.SendAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task ChunkedBodyOver256KB_Is413()
    {
        var body = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(_teams.Message(new string('y', 300 * 1024)).ToJsonString())));
        body.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        var response = await _bot.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_IsReadyWhenStorageAnswers()
    {
        var response = await _bot.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("ready", health?["status"]?.GetValue<string>());
    }
}
