using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PolicyBot.Tests.Infrastructure;

namespace PolicyBot.Bench.Load;

/// <summary>
/// A minimal Bot Connector (v3 REST) on 127.0.0.1 and a free port: answers every call with an id, hands each reply to the
/// turn that is waiting for it (matched by the replyToId in the path) and only counts the rest. It keeps nothing else,
/// so it stays cheap under load.
/// </summary>
public sealed class BenchConnector : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TurnReplies> _waiting = new(StringComparer.Ordinal);
    private LoopbackServer? _server;
    private long _nextId;
    private long _conversationsCreated;
    private long _proactiveMessages;
    private long _cardUpdates;
    private long _unmatchedReplies;

    /// <summary>The service URL to put in activities (and Approvals:ServiceUrl), ending with a slash.</summary>
    public string ServiceUrl => _server!.BaseUrl;

    public long ConversationsCreated => Interlocked.Read(ref _conversationsCreated);

    /// <summary>Messages the bot sent on its own (approval cards, notices): POSTs without a replyToId.</summary>
    public long ProactiveMessages => Interlocked.Read(ref _proactiveMessages);

    public long CardUpdates => Interlocked.Read(ref _cardUpdates);

    public static async Task<BenchConnector> StartAsync()
    {
        var connector = new BenchConnector();
        connector._server = await LoopbackServer.StartAsync(connector.HandleAsync);
        return connector;
    }

    /// <summary>Call before sending an activity: its replies are collected here until <see cref="Forget"/>.</summary>
    public TurnReplies Expect(string activityId) => _waiting[activityId] = new TurnReplies();

    public void Forget(string activityId) => _waiting.TryRemove(activityId, out _);

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var id = Interlocked.Increment(ref _nextId);
        switch (method, segments)
        {
            case ("POST", ["v3", "conversations"]):
                Interlocked.Increment(ref _conversationsCreated);
                await context.Response.WriteAsJsonAsync(new { id = $"a:bench-conversation-{id}" });
                return;
            case ("POST", ["v3", "conversations", _, "activities", var replyToId]):
                await RecordReplyAsync(context, Uri.UnescapeDataString(replyToId));
                await context.Response.WriteAsJsonAsync(new { id = $"bench-activity-{id}" });
                return;
            case ("POST", ["v3", "conversations", _, "activities"]):
                Interlocked.Increment(ref _proactiveMessages);
                await context.Response.WriteAsJsonAsync(new { id = $"bench-activity-{id}" });
                return;
            case ("PUT", ["v3", "conversations", _, "activities", var activityId]):
                Interlocked.Increment(ref _cardUpdates);
                await context.Response.WriteAsJsonAsync(new { id = Uri.UnescapeDataString(activityId) });
                return;
            case ("DELETE", ["v3", "conversations", _, "activities", _]):
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }

    private async Task RecordReplyAsync(HttpContext context, string replyToId)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        if (!root.TryGetProperty("type", out var type) || type.GetString() != "message")
        {
            return; // typing indicators
        }
        if (_waiting.TryGetValue(replyToId, out var replies))
        {
            replies.Add(root.TryGetProperty("text", out var text) ? text.GetString() : null);
        }
        else
        {
            Interlocked.Increment(ref _unmatchedReplies);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The messages the bot sent in reply to one activity (text, or null for a card without text).</summary>
public sealed class TurnReplies
{
    private readonly List<string?> _texts = [];
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(string? text)
    {
        lock (_texts)
        {
            _texts.Add(text);
        }
        _first.TrySetResult();
    }

    /// <summary>True once a message arrived (they arrive before the turn's HTTP response, so this rarely waits).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout)
    {
        try
        {
            await _first.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public bool AnyContains(string fragment)
    {
        lock (_texts)
        {
            return _texts.Any(t => t?.Contains(fragment, StringComparison.Ordinal) == true);
        }
    }
}
