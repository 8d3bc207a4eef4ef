using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PolicyBot.BotFramework.Schema;

/// <summary>The value of an <c>adaptiveCard/action</c> invoke (Universal Actions).</summary>
public sealed class AdaptiveCardInvokeValue
{
    public AdaptiveCardInvokeAction? Action { get; set; }
    public string? Trigger { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class AdaptiveCardInvokeAction
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Verb { get; set; }
    public JsonNode? Data { get; set; }
}

/// <summary>The invoke responses Teams expects for Universal Actions.</summary>
public static class AdaptiveCardInvokeResponse
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";
    public const string MessageContentType = "application/vnd.microsoft.activity.message";
    public const string ErrorContentType = "application/vnd.microsoft.error";

    /// <summary>Replaces the card the user acted on with <paramref name="card"/>.</summary>
    public static InvokeResponse Card(JsonNode card) =>
        new(200, new JsonObject { ["statusCode"] = 200, ["type"] = CardContentType, ["value"] = card });

    /// <summary>Shows a short message to the user and leaves the card as it is.</summary>
    public static InvokeResponse Message(string text) =>
        new(200, new JsonObject { ["statusCode"] = 200, ["type"] = MessageContentType, ["value"] = text });

    public static InvokeResponse Error(int statusCode, string code, string message) =>
        new(200, new JsonObject
        {
            ["statusCode"] = statusCode,
            ["type"] = ErrorContentType,
            ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
        });
}
