using System.Text.Json;

namespace PolicyBot.BotFramework.Schema;

/// <summary>Reads an activity from the bytes of a request body: an activity, or a reason safe to send back.</summary>
public static class ActivityParser
{
    public static bool TryParse(ReadOnlySpan<byte> json, out Activity activity, out string error)
    {
        activity = null!;
        try
        {
            var parsed = JsonSerializer.Deserialize<Activity>(json, BotJson.Options);
            if (parsed is null || string.IsNullOrWhiteSpace(parsed.Type))
            {
                error = "The activity has no \"type\".";
                return false;
            }
            activity = parsed;
            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            // Where the JSON went wrong, without echoing the body back.
            error = ex.Path is { Length: > 1 } path
                ? $"The body is not a valid activity: the value at {path} is not of the expected kind, or the JSON is malformed."
                : "The body is not a valid activity: the JSON is malformed.";
            return false;
        }
    }
}
