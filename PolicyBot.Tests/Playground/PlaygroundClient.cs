using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using PolicyBot.Tests.EndToEnd;

namespace PolicyBot.Tests.Playground;

/// <summary>
/// Drives an Agents Playground through the HTTP API its own web page uses, as the signed-in user, in the personal
/// chat with the bot: <c>GET /_internal/v1/config</c> (who is signed in, the chat's id),
/// <c>POST /_conversation/v1/conversations/{id}/messages</c> (type a message), <c>POST /_conversation/v1/submit</c>
/// (an Action.Submit button), <c>POST /_conversation/v1/invoke</c> (an Action.Execute button). What the bot sends
/// arrives on the WebSocket <c>/_ws_conversation/v1/conversations/stream</c> as <c>{ action, actionConversationId, message }</c>.
/// </summary>
public sealed class PlaygroundClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<JsonObject> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private Task _receiving = Task.CompletedTask;

    private PlaygroundClient(Uri baseAddress) => _http = new HttpClient { BaseAddress = baseAddress };

    public string ConversationId { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public string UserName { get; private set; } = "";
    public string BotId { get; private set; } = "";

    /// <summary>The messages the bot created in this chat, in order (updates to a message are applied to it).</summary>
    public IReadOnlyList<JsonObject> BotMessages
    {
        get
        {
            lock (_events)
            {
                var messages = new List<JsonObject>();
                foreach (var e in _events.Where(e => e["actionConversationId"]?.GetValue<string>() == ConversationId))
                {
                    if (e["message"] is not JsonObject message || message["from"]?["id"]?.GetValue<string>() != BotId)
                    {
                        continue;
                    }
                    var existing = messages.FindIndex(m => m["messageId"]?.ToString() == message["messageId"]?.ToString());
                    if (existing >= 0)
                    {
                        messages[existing] = message;
                    }
                    else
                    {
                        messages.Add(message);
                    }
                }
                return messages;
            }
        }
    }

    public static async Task<PlaygroundClient> ConnectAsync(Uri playground)
    {
        var client = new PlaygroundClient(playground);
        var config = await client._http.GetFromJsonAsync<JsonObject>("_internal/v1/config")
            ?? throw new InvalidOperationException("The Playground returned no config.");
        client.ConversationId = config["config"]!["personalChat"]!["id"]!.GetValue<string>();
        client.UserId = config["config"]!["currentUser"]!["id"]!.GetValue<string>();
        client.UserName = config["config"]!["currentUser"]!["name"]!.GetValue<string>();
        client.BotId = config["config"]!["bot"]!["id"]!.GetValue<string>();

        var socket = new UriBuilder(playground) { Scheme = "ws", Path = "/_ws_conversation/v1/conversations/stream" }.Uri;
        await client._socket.ConnectAsync(socket, CancellationToken.None);
        client._receiving = client.ReceiveAsync();
        return client;
    }

    /// <summary>Types <paramref name="text"/> into the personal chat.</summary>
    public Task SendAsync(string text) => PostAsync(
        $"_conversation/v1/conversations/{Uri.EscapeDataString(ConversationId)}/messages",
        new JsonObject { ["from"] = new JsonObject { ["id"] = UserId }, ["text"] = text, ["textFormat"] = "plain" });

    /// <summary>
    /// Types <paramref name="text"/> and waits for a bot message, after those already there, whose text or card says
    /// <paramref name="expected"/> (case-insensitive); fails with what the bot did say.
    /// </summary>
    public async Task ExpectAsync(string text, string expected, TimeSpan? timeout = null)
    {
        var before = BotMessages.Count;
        await SendAsync(text);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!BotMessages.Skip(before).Any(m => Says(m, expected)))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"After \"{text}\" expected \"{expected}\" but the bot said: {string.Join(" | ", BotMessages.Skip(before).Select(Describe))}");
            }
            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    private static bool Says(JsonObject message, string expected) =>
        (message["text"]?.GetValue<string>() ?? "").Contains(expected, StringComparison.OrdinalIgnoreCase) ||
        (FirstCard(message) is { } card && StaffJourney.Texts(card).Any(t => t.Contains(expected, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The content of a message's first attachment (its card), if it has one.</summary>
    public static JsonNode? FirstCard(JsonObject message) =>
        message["attachments"] is JsonArray { Count: > 0 } attachments ? attachments[0]?["content"] : null;

    /// <summary>Presses an Action.Submit button of the bot's message <paramref name="messageId"/>: a message with the button's data as its value.</summary>
    public Task SubmitAsync(string messageId, JsonObject data) => PostAsync("_conversation/v1/submit", new JsonObject
    {
        ["conversation"] = new JsonObject { ["id"] = ConversationId },
        ["from"] = new JsonObject { ["id"] = UserId },
        ["replyToId"] = messageId,
        ["value"] = data,
    });

    /// <summary>Presses an Action.Execute button: an adaptiveCard/action invoke; returns the bot's invoke response.</summary>
    public async Task<JsonObject?> ExecuteAsync(string messageId, string verb, JsonObject? data = null)
    {
        var response = await PostAsync("_conversation/v1/invoke", new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["conversation"] = new JsonObject { ["id"] = ConversationId },
            ["from"] = new JsonObject { ["id"] = UserId },
            ["replyToId"] = messageId,
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data ?? new JsonObject() },
                ["trigger"] = "manual",
            },
        });
        var body = await response.Content.ReadAsStringAsync();
        return body.Length == 0 ? null : JsonNode.Parse(body) as JsonObject;
    }

    /// <summary>Waits until the bot has sent at least <paramref name="count"/> messages to this chat.</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitForBotMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (BotMessages.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Expected {count} bot messages in the Playground's chat, got {BotMessages.Count}: {string.Join(" | ", BotMessages.Select(Describe))}");
            }
            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
        return BotMessages;
    }

    /// <summary>A message's text, or its first card's texts, for failure messages.</summary>
    public static string Describe(JsonObject message) =>
        message["text"]?.GetValue<string>() is { Length: > 0 } text ? text
        : FirstCard(message) is { } card ? $"[{string.Join(" / ", StaffJourney.Texts(card))}]"
        : "[no text]";

    private async Task<HttpResponseMessage> PostAsync(string path, JsonObject body)
    {
        var response = await _http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The Playground answered {(int)response.StatusCode} to POST /{path}: {await response.Content.ReadAsStringAsync()}");
        }
        return response;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                text.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                if (JsonNode.Parse(Encoding.UTF8.GetString(text.ToArray())) is JsonObject e)
                {
                    lock (_events)
                    {
                        _events.Add(e);
                    }
                    _arrived.Release();
                }
                text.SetLength(0);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
            // The Playground was stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _http.Dispose();
        _stop.Dispose();
    }
}
