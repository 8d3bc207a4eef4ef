using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyBot.Dialogs;

/// <summary>Reads values a client sent in an activity's <c>value</c>, where any property may be of any kind.</summary>
public static class JsonValues
{
    /// <summary>The string at <paramref name="key"/>, or null when it is missing or not a string.</summary>
    public static string? GetString(this JsonNode? node, string key) =>
        node is JsonObject obj && obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
