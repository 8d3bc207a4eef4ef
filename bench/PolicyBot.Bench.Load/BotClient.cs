using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PolicyBot.Bench.Load;

/// <summary>What one POST /api/messages came to.</summary>
public sealed record TurnOutcome(int Status, double? ServerMs, double ClientMs, string? Error, JsonNode? Body);

/// <summary>Sends activities to the bot as Teams does and checks each was answered.</summary>
public sealed class BotClient(HttpClient http, BenchConnector connector)
{
    /// <summary>Replies are sent within the turn, so they are there when the response is; this only absorbs a hiccup.</summary>
    private static readonly TimeSpan ReplyGrace = TimeSpan.FromSeconds(2);

    private static readonly string[] FailureReplies = ["couldn't save", "something went wrong", "changed somewhere else"];

    public static HttpClient CreateHttpClient(Uri botAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        UseProxy = false,
    })
    {
        BaseAddress = botAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// POSTs <paramref name="activity"/>. A message must be answered at the Connector (with a reply containing
    /// <paramref name="expect"/>, when given) and never with the bot's failure message; an invoke's answer is the body.
    /// </summary>
    public async Task<TurnOutcome> SendAsync(JsonObject activity, string? expect = null, CancellationToken cancellationToken = default)
    {
        var activityId = activity["id"]!.GetValue<string>();
        var isMessage = activity["type"]?.GetValue<string>() == "message";
        var replies = isMessage ? connector.Expect(activityId) : null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("api/messages", content, cancellationToken);
            var body = response.Content.Headers.ContentLength is > 0
                ? JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))
                : null;
            var clientMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var serverMs = ServerTurnMilliseconds(response.Headers);
            var error = response.StatusCode == HttpStatusCode.OK ? null : $"HTTP {(int)response.StatusCode}";
            if (error is null && replies is not null)
            {
                error = !await replies.WaitAsync(ReplyGrace) ? "no reply at the Connector"
                    : FailureReplies.Any(replies.AnyContains) ? "the bot's failure message"
                    : expect is not null && !replies.AnyContains(expect) ? "unexpected reply (form out of step)"
                    : null;
            }
            return new TurnOutcome((int)response.StatusCode, serverMs, clientMs, error, body);
        }
        catch (HttpRequestException ex)
        {
            return new TurnOutcome(0, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, $"connection: {ex.HttpRequestError}", null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TurnOutcome(0, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, "client timeout (30 s)", null);
        }
        finally
        {
            connector.Forget(activityId);
        }
    }

    /// <summary>The <c>dur</c> of <c>Server-Timing: turn;dur=12.3</c>, in milliseconds.</summary>
    public static double? ServerTurnMilliseconds(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Server-Timing", out var values))
        {
            return null;
        }
        foreach (var metric in values.SelectMany(v => v.Split(',')))
        {
            var parts = metric.Trim().Split(';');
            if (parts[0] != "turn")
            {
                continue;
            }
            foreach (var parameter in parts.Skip(1))
            {
                if (parameter.StartsWith("dur=", StringComparison.Ordinal)
                    && double.TryParse(parameter.AsSpan(4), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
                {
                    return ms;
                }
            }
        }
        return null;
    }
}
