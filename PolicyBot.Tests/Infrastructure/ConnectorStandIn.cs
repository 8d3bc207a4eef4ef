using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PolicyBot.Tests.Infrastructure;

/// <summary>One request the bot made to the Connector.</summary>
public sealed record ConnectorRequest(string Method, string Path, JsonObject? Body, string? Authorization)
{
    public string? Text => Body?["text"]?.GetValue<string>();
    public string? Type => Body?["type"]?.GetValue<string>();
    public JsonObject? FirstCard => Body?["attachments"]?[0]?["content"] as JsonObject;
}

/// <summary>
/// A local stand-in for Teams' Bot Connector service: a real HTTP server on 127.0.0.1 speaking the v3 REST API's wire
/// format. It records what the bot sends and can be told to fail the next requests, as the real service does under load.
/// </summary>
public sealed class ConnectorStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorRequest> _requests = new();
    private readonly ConcurrentQueue<(int Status, TimeSpan? RetryAfter)> _failures = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _nextId;

    private ConnectorStandIn(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    public IReadOnlyList<ConnectorRequest> Requests => _requests.ToArray();

    /// <summary>The messages (not typing indicators) the bot sent, in order.</summary>
    public IReadOnlyList<ConnectorRequest> Messages => Requests.Where(r => r.Method != "DELETE" && r.Type is "message").ToList();

    public static async Task<ConnectorStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new ConnectorStandIn(app);
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        standIn.ServiceUrl = app.Urls.First() + "/";
        return standIn;
    }

    /// <summary>The next <paramref name="count"/> requests are answered with <paramref name="status"/>.</summary>
    public void FailNext(int count, int status, TimeSpan? retryAfter = null)
    {
        for (var i = 0; i < count; i++)
        {
            _failures.Enqueue((status, retryAfter));
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived, or fails after the timeout.</summary>
    public async Task<IReadOnlyList<ConnectorRequest>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Messages.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Expected {count} messages at the Connector, got {Messages.Count}: {string.Join(" | ", Messages.Select(m => m.Text ?? "[card]"))}");
            }
            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
        return Messages;
    }

    private async Task HandleAsync(HttpContext context)
    {
        JsonObject? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        }
        if (_failures.TryDequeue(out var failure))
        {
            context.Response.StatusCode = failure.Status;
            if (failure.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString();
            }
            return;
        }

        _requests.Enqueue(new ConnectorRequest(context.Request.Method, context.Request.Path.Value ?? "", body, context.Request.Headers.Authorization.FirstOrDefault()));
        _arrived.Release();

        var id = Interlocked.Increment(ref _nextId).ToString();
        var isCreateConversation = context.Request.Method == "POST" && context.Request.Path.Value?.TrimEnd('/') == "/v3/conversations";
        var response = isCreateConversation
            ? new JsonObject { ["id"] = "a:conversation-" + id, ["activityId"] = "activity-" + id }
            : new JsonObject { ["id"] = "activity-" + id };
        await context.Response.WriteAsJsonAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
