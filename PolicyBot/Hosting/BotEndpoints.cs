using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Hosting;

/// <summary>The bot's HTTP surface: the Bot Framework messaging endpoint and the health probe.</summary>
public static class BotEndpoints
{
    /// <summary>Bot Framework activities are small; anything bigger than this is refused before it is parsed.</summary>
    public const int MaxActivityBytes = 256 * 1024;

    /// <summary>W3C Server Timing: how long the turn took in the bot (the adapter, the middleware and the bot's own work,
    /// replies sent to the Connector included), so a client or a benchmark can tell server time from network time.</summary>
    public const string ServerTimingHeader = "Server-Timing";

    /// <summary>The header's value for a turn: <c>turn;dur=12.3</c> (milliseconds).</summary>
    public static string TurnTiming(TimeSpan elapsed) =>
        "turn;dur=" + elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    public static void MapPolicyBotEndpoints(this WebApplication app)
    {
        app.MapPost("/api/messages", HandleActivityAsync);
        app.MapGet("/healthz", CheckHealthAsync);
    }

    private static async Task<IResult> HandleActivityAsync(HttpRequest request, CloudAdapter adapter, IBot bot, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Activities must be sent as application/json.");
        }
        if (request.ContentLength > MaxActivityBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Activity too large", $"An activity may be at most {MaxActivityBytes / 1024} KB.");
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Activity too large", $"An activity may be at most {MaxActivityBytes / 1024} KB.");
        }

        if (!ActivityParser.TryParse(body, out var activity, out var error))
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed activity", error);
        }

        var started = Stopwatch.GetTimestamp();
        var result = await adapter.ProcessActivityAsync(request.Headers.Authorization.ToString(), activity, bot, cancellationToken);
        request.HttpContext.Response.Headers[ServerTimingHeader] = TurnTiming(Stopwatch.GetElapsedTime(started));
        return result switch
        {
            { StatusCode: 401 or 403 } => Problem(result.StatusCode, result.StatusCode == 401 ? "Unauthorized" : "Forbidden", "The request's token was not accepted."),
            { Body: not null } => Results.Json(result.Body, BotJson.Options, statusCode: result.StatusCode),
            _ => Results.StatusCode(result.StatusCode),
        };
    }

    private static async Task<IResult> CheckHealthAsync(IStorageHealth storage, CancellationToken cancellationToken)
    {
        var healthy = await storage.IsHealthyAsync(cancellationToken);
        return Results.Json(
            new { status = healthy ? "ready" : "storage unavailable", storage = storage.Description },
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Reads at most <see cref="MaxActivityBytes"/>; null when the body is longer (chunked bodies have no length up front).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxActivityBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
