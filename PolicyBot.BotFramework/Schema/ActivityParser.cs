using System.Text.Json;
using System.Text.Unicode;

namespace PolicyBot.BotFramework.Schema;

/// <summary>
/// Reads an activity from the bytes of a request body: an activity, or a reason safe to send back. Refused, so that no
/// turn ever starts on them: bytes that are not UTF-8 JSON (RFC 8259 §8.1), JSON the bot could not read later
/// (<see cref="StrictJson"/>), values of the wrong kind, activities without what every channel must send: a
/// <c>type</c>, a <c>serviceUrl</c> to reply to (Activity spec A2300) and a <c>conversation.id</c> (A2080), and ids
/// with control characters in them.
/// </summary>
public static class ActivityParser
{
    private const string NotAnActivity = "The body is not a valid activity: ";
    private const string NoType = "The activity has no \"type\".";

    public static bool TryParse(ReadOnlySpan<byte> json, out Activity activity, out string error)
    {
        activity = null!;
        if (Read(json, out error) is not { } parsed)
        {
            return false;
        }
        if (MissingField(parsed) is { } missing)
        {
            error = missing;
            return false;
        }
        activity = parsed;
        return true;
    }

    /// <summary>The activity the bytes hold, or null and why not.</summary>
    private static Activity? Read(ReadOnlySpan<byte> json, out string error)
    {
        error = "";
        if (!Utf8.IsValid(json))
        {
            error = NotAnActivity + "it is not valid UTF-8.";
            return null;
        }
        try
        {
            if (StrictJson.FindProblem(json) is { } problem)
            {
                error = NotAnActivity + problem;
                return null;
            }
            var parsed = JsonSerializer.Deserialize<Activity>(json, BotJson.Options);
            if (parsed is null)
            {
                error = NoType;
            }
            return parsed;
        }
        catch (JsonException ex)
        {
            // Where the JSON went wrong, without echoing the body back.
            error = ex.Path is { Length: > 1 } path
                ? $"{NotAnActivity}the value at {path} is not of the expected kind, or the JSON is malformed."
                : $"{NotAnActivity}the JSON is malformed.";
            return null;
        }
    }

    private static string? MissingField(Activity activity)
    {
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return NoType;
        }
        if (!IsUsableServiceUrl(activity.ServiceUrl))
        {
            return "The activity has no usable \"serviceUrl\": an absolute http or https URL where the bot's replies go.";
        }
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "The activity has no \"conversation.id\".";
        }
        return IdWithAControlCharacter(activity) is { } id ? $"The activity's \"{id}\" contains a control character." : null;
    }

    /// <summary>Ids go into the Connector's URL paths and into storage keys; no channel puts control characters in them
    /// (a NUL in a path is refused by the Connector, so the reply would fail).</summary>
    private static string? IdWithAControlCharacter(Activity activity)
    {
        (string Name, string? Value)[] ids =
        [
            ("id", activity.Id), ("replyToId", activity.ReplyToId), ("from.id", activity.From?.Id),
            ("recipient.id", activity.Recipient?.Id), ("conversation.id", activity.Conversation?.Id),
        ];
        return ids.FirstOrDefault(id => id.Value?.Any(char.IsControl) == true).Name;
    }

    private static bool IsUsableServiceUrl(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) &&
        uri.Host.Length > 0;
}
