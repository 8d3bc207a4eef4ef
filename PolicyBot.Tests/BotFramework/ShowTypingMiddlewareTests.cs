using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Connector;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Tests.BotFramework;

/// <summary>The typing indicator: sent when a message turn outlasts the delay, never for a turn that ends first.</summary>
public sealed class ShowTypingMiddlewareTests : IAsyncLifetime
{
    private ConnectorStandIn _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task ASlowTurn_ShowsTypingOnce_BeforeItsReply()
    {
        var turn = NewTurn();
        var middleware = new ShowTypingMiddleware(TimeSpan.FromMilliseconds(20));

        await middleware.OnTurnAsync(turn, async cancellationToken =>
        {
            // The turn waits until the indicator has arrived, however slow the machine is.
            Assert.True(await _connector.WaitUntilAsync(c => c.SentActivities.Any(a => a.Type == ActivityTypes.Typing)));
            await turn.SendActivityAsync("the answer", cancellationToken);
        }, CancellationToken.None);

        Assert.Equal([ActivityTypes.Typing, ActivityTypes.Message], _connector.SentActivities.Select(a => a.Type));
    }

    [Fact]
    public async Task AFastTurn_ShowsNoTyping()
    {
        var turn = NewTurn();
        var middleware = new ShowTypingMiddleware(TimeSpan.FromMinutes(5));

        await middleware.OnTurnAsync(turn, cancellationToken => turn.SendActivityAsync("the answer", cancellationToken), CancellationToken.None);

        Assert.Equal([ActivityTypes.Message], _connector.SentActivities.Select(a => a.Type));
    }

    private TurnContext NewTurn()
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = "activity-1",
            ChannelId = "msteams",
            ServiceUrl = _connector.ServiceUrl,
            Conversation = new ConversationAccount { Id = "conversation-1" },
            From = new ChannelAccount { Id = "user-1" },
            Recipient = new ChannelAccount { Id = "bot" },
            Text = "can I accept a friend request from a pupil?",
        };
        return new TurnContext(activity, new ConnectorClient(new HttpClient(), new NoBotTokens(), new TrustedServiceUrls()));
    }
}
