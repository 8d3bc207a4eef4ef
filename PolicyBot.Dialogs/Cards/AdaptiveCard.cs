using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.Dialogs.Cards;

/// <summary>
/// A typed Adaptive Card (schema 1.5): the subset of elements and actions PolicyBot sends. Serialises to the JSON the
/// Teams client and the official renderer expect, with null properties left out.
/// </summary>
public sealed record AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    [JsonPropertyName("type")]
    public string Type => "AdaptiveCard";

    [JsonPropertyName("$schema")]
    public string Schema => "http://adaptivecards.io/schemas/adaptive-card.json";

    public string Version { get; init; } = "1.5";
    public IReadOnlyList<CardElement> Body { get; init; } = [];
    public IReadOnlyList<CardAction>? Actions { get; init; }
    public CardRefresh? Refresh { get; init; }

    /// <summary>Text a client shows where it cannot render the card.</summary>
    public string? FallbackText { get; init; }

    /// <summary>Teams-specific options: the card uses the full width of the chat.</summary>
    [JsonPropertyName("msteams")]
    public JsonObject? MsTeams { get; init; } = new() { ["width"] = "Full" };

    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, CardJson.Options)!.AsObject();

    public Attachment ToAttachment() => new() { ContentType = ContentType, Content = ToJson() };

    /// <summary>A message activity carrying this card.</summary>
    public Activity ToActivity(string? summary = null) => new()
    {
        Type = ActivityTypes.Message,
        Summary = summary ?? FallbackText,
        Attachments = [ToAttachment()],
    };
}

/// <summary>Universal Actions' refresh: the listed users get the card re-rendered by the bot when they see it.</summary>
public sealed record CardRefresh([property: JsonIgnore] ExecuteAction Action, IReadOnlyList<string> UserIds)
{
    /// <summary>
    /// The action declared as its base type, so that its JSON says "type": "Action.Execute": System.Text.Json writes the
    /// type only where the declared type is the polymorphic base, and without it clients drop the refresh.
    /// </summary>
    [JsonPropertyName("action")]
    public CardAction TypedAction => Action;
}

internal static class CardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
