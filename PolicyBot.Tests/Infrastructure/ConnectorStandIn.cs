using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PolicyBot.Tests.Infrastructure;

/// <summary>One request the stand-in received, and the status it answered.</summary>
public sealed record RecordedRequest(string Method, string Path, JsonNode? Body, int Status, string? Authorization = null)
{
    public string? Type => Body?["type"]?.GetValue<string>();
    public string? Text => Body?["text"]?.GetValue<string>();

    /// <summary>The first Adaptive Card attached to the activity, if any.</summary>
    public JsonObject? FirstCard => Body?["attachments"]?[0]?["content"] as JsonObject;
}

/// <summary>
/// A local Bot Connector (v3 REST) on 127.0.0.1 and a free port: creates conversations, accepts activities, updates and
/// deletes them, and records every request with its JSON body. It can be told to fail the next requests with a status
/// (and Retry-After) to play an outage, a 429 storm or a 403 for an app that is not installed. Dispose it in the test.
/// </summary>
public sealed class ConnectorStandIn : IAsyncDisposable
{
    private LoopbackServer? _server;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<PlannedFailure> _failures = new();
    private int _nextId;

    /// <summary>The service URL to give the bot, ending with a slash.</summary>
    public string ServiceUrl { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    /// <summary>Activities posted into conversations and answered with success (replies included).</summary>
    public IReadOnlyList<RecordedRequest> SentActivities =>
        Requests.Where(r => r.Method == "POST" && r.Path.Contains("/activities", StringComparison.Ordinal) && r.Status < 300).ToList();

    /// <summary>The messages (not typing indicators) the bot sent, in order.</summary>
    public IReadOnlyList<RecordedRequest> Messages => SentActivities.Where(r => r.Type == "message").ToList();

    public IReadOnlyList<RecordedRequest> CreatedConversations =>
        Requests.Where(r => r.Method == "POST" && r.Path == "/v3/conversations" && r.Status < 300).ToList();

    public IReadOnlyList<RecordedRequest> UpdatedActivities =>
        Requests.Where(r => r.Method == "PUT" && r.Status < 300).ToList();

    public static async Task<ConnectorStandIn> StartAsync()
    {
        var standIn = new ConnectorStandIn();
        var server = await LoopbackServer.StartAsync(standIn.HandleAsync);
        standIn._server = server;
        standIn.ServiceUrl = server.Address + "/";
        return standIn;
    }

    /// <summary>
    /// A message handler that sends every request to this stand-in, whatever host and scheme its URL names, keeping the
    /// path: for activities whose serviceUrl is fixed in advance (the fuzz corpus names <c>https://connector.invalid/</c>,
    /// which never resolves, so a request that escapes the handler fails instead of leaving the machine).
    /// </summary>
    public DelegatingHandler RedirectEveryRequest() => new RedirectHandler(new Uri(ServiceUrl));

    private sealed class RedirectHandler(Uri target) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The next <paramref name="count"/> requests (matching <paramref name="when"/>, if given) are answered with
    /// <paramref name="status"/>.</summary>
    public void FailNext(int count, int status, TimeSpan? retryAfter = null, Func<string, string, bool>? when = null)
    {
        for (var i = 0; i < count; i++)
        {
            _failures.Enqueue(new PlannedFailure(status, retryAfter, when));
        }
    }

    /// <summary>Waits (bounded by <paramref name="timeout"/>) until <paramref name="condition"/> holds on the recorded requests.</summary>
    public Task<bool> WaitUntilAsync(Func<ConnectorStandIn, bool> condition, TimeSpan? timeout = null) =>
        Poll.UntilAsync(() => condition(this), timeout);

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived; fails the test with what did arrive.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        if (!await WaitUntilAsync(c => c.Messages.Count >= count, timeout))
        {
            throw new TimeoutException($"Expected {count} messages at the Connector, got {Messages.Count}: {string.Join(" | ", Messages.Select(m => m.Text ?? "[card]"))}");
        }
        return Messages;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        var path = context.Request.Path.Value ?? "";
        JsonNode? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            body = await JsonNode.ParseAsync(context.Request.Body);
        }

        if (TakeFailure(method, path) is { } failure)
        {
            _requests.Enqueue(new RecordedRequest(method, path, body, failure.Status, authorization));
            if (failure.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            context.Response.StatusCode = failure.Status;
            await context.Response.WriteAsJsonAsync(new { error = new { code = "StandInFailure", message = "Planned failure." } });
            return;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        object? answer = (method, segments) switch
        {
            ("POST", ["v3", "conversations"]) => new { id = $"a:conversation-{Interlocked.Increment(ref _nextId)}", activityId = (string?)null },
            ("POST", ["v3", "conversations", _, "activities", ..]) => new { id = $"activity-{Interlocked.Increment(ref _nextId)}" },
            ("PUT", ["v3", "conversations", _, "activities", var activityId]) => new { id = Uri.UnescapeDataString(activityId) },
            ("DELETE", ["v3", "conversations", _, "activities", _]) => null,
            _ => "not-found",
        };
        var status = answer is "not-found" ? (int)HttpStatusCode.NotFound : (int)HttpStatusCode.OK;
        _requests.Enqueue(new RecordedRequest(method, path, body, status, authorization));
        context.Response.StatusCode = status;
        if (answer is not null and not "not-found")
        {
            await context.Response.WriteAsJsonAsync(answer);
        }
    }

    private PlannedFailure? TakeFailure(string method, string path)
    {
        lock (_failures)
        {
            if (_failures.TryPeek(out var next) && (next.When is null || next.When(method, path)))
            {
                _failures.TryDequeue(out _);
                return next;
            }
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private sealed record PlannedFailure(int Status, TimeSpan? RetryAfter, Func<string, string, bool>? When);
}
