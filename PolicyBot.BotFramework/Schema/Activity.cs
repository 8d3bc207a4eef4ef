using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PolicyBot.BotFramework.Schema;

/// <summary>
/// A Bot Framework activity, as it travels between a channel and the bot (Bot Framework Activity schema).
/// Properties the bot does not model are kept in <see cref="Properties"/> so a round trip loses nothing.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public DateTimeOffset? LocalTimestamp { get; set; }
    public string? LocalTimezone { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? TextFormat { get; set; }
    public string? AttachmentLayout { get; set; }
    public IList<ChannelAccount>? MembersAdded { get; set; }
    public IList<ChannelAccount>? MembersRemoved { get; set; }
    public IList<MessageReaction>? ReactionsAdded { get; set; }
    public IList<MessageReaction>? ReactionsRemoved { get; set; }
    public string? Locale { get; set; }
    public string? Text { get; set; }
    public string? Summary { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
    public IList<Attachment>? Attachments { get; set; }
    public IList<Entity>? Entities { get; set; }
    public JsonNode? ChannelData { get; set; }
    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public string? Name { get; set; }
    public JsonNode? Value { get; set; }
    public string? ValueType { get; set; }
    public ConversationReference? RelatesTo { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>Creates a message activity with the given text.</summary>
    public static Activity CreateMessageActivity(string? text = null) => new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>Creates a reply addressed back to the sender of this activity, in the same conversation.</summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        ReplyToId = Id,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        Conversation = Conversation,
        From = Recipient,
        Recipient = From,
        Locale = Locale,
        Timestamp = DateTimeOffset.UtcNow,
    };

    /// <summary>The reference needed to continue this conversation later (proactive messages).</summary>
    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = Id,
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        Locale = Locale,
        ServiceUrl = ServiceUrl,
    };

    /// <summary>
    /// Removes the @mention of the bot from <see cref="Text"/> ("&lt;at&gt;PolicyBot&lt;/at&gt; can I …" → "can I …"), as Teams
    /// puts it where the bot is mentioned: the mention entities whose <c>mentioned.id</c> is the recipient name the text to remove.
    /// Entities of another shape are ignored; it never throws. Returns the text.
    /// </summary>
    public string? RemoveRecipientMention()
    {
        if (Text is null || Recipient?.Id is not { Length: > 0 } botId || Entities is null)
        {
            return Text;
        }
        foreach (var properties in Entities.Where(e => e is { Type: "mention", Properties: not null }).Select(e => e.Properties!))
        {
            if (properties.TryGetValue("mentioned", out var mentioned) && mentioned.ValueKind == JsonValueKind.Object
                && mentioned.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == botId
                && properties.TryGetValue("text", out var mentionText) && mentionText.ValueKind == JsonValueKind.String
                && mentionText.GetString() is { Length: > 0 } markup)
            {
                Text = Text.Replace(markup, "", StringComparison.Ordinal);
            }
        }
        Text = Text.Trim();
        return Text;
    }

    /// <summary>Teams' channel data (tenant, team, channel), when the activity came from Teams. Null when there is
    /// none, and when <c>channelData</c> is not of Teams' shape (a number where Teams sends a string): it never throws.</summary>
    public TeamsChannelData? GetTeamsChannelData()
    {
        if (ChannelData is not JsonObject)
        {
            return null;
        }
        try
        {
            return ChannelData.Deserialize<TeamsChannelData>(BotJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The tenant the activity belongs to: Teams puts it in channelData and in the conversation. Null when
    /// <c>channelData</c> is there but not of Teams' shape: the tenant allow-list then refuses a body that contradicts
    /// itself rather than trusting the half it likes. Never throws.
    /// </summary>
    public string? TenantId => ChannelData is null
        ? Conversation?.TenantId
        : GetTeamsChannelData() is { } teams ? teams.Tenant?.Id ?? Conversation?.TenantId : null;
}

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string InvokeResponse = "invokeResponse";
    public const string MessageReaction = "messageReaction";
    public const string Typing = "typing";
    public const string EndOfConversation = "endOfConversation";
    public const string Event = "event";
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public bool? IsGroup { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class Attachment
{
    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public JsonNode? Content { get; set; }
    public string? Name { get; set; }
    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class SuggestedActions
{
    public IList<string>? To { get; set; }
    public IList<CardAction> Actions { get; set; } = [];
}

public sealed class CardAction
{
    public string Type { get; set; } = ActionTypes.ImBack;
    public string? Title { get; set; }
    public string? Text { get; set; }
    public string? DisplayText { get; set; }
    public JsonNode? Value { get; set; }
    public string? Image { get; set; }

    public static CardAction ImBack(string title, string? value = null) => new() { Type = ActionTypes.ImBack, Title = title, Value = value ?? title };
    public static CardAction MessageBack(string title, string text, JsonNode? value = null) =>
        new() { Type = ActionTypes.MessageBack, Title = title, Text = text, DisplayText = title, Value = value };
}

public static class ActionTypes
{
    public const string ImBack = "imBack";
    public const string MessageBack = "messageBack";
    public const string OpenUrl = "openUrl";
}

public sealed class Entity
{
    public string? Type { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public sealed class MessageReaction
{
    public string? Type { get; set; }
}

/// <summary>Teams' channelData: which tenant, team and channel an activity belongs to.</summary>
public sealed class TeamsChannelData
{
    public TenantInfo? Tenant { get; set; }
    public TeamInfo? Team { get; set; }
    public ChannelInfo? Channel { get; set; }
    public string? EventType { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Properties { get; set; }
}

public sealed record TenantInfo(string? Id);
public sealed record TeamInfo(string? Id, string? Name = null);
public sealed record ChannelInfo(string? Id, string? Name = null);

/// <summary>What is needed to send into a conversation later, without an incoming activity.</summary>
public sealed class ConversationReference
{
    public string? ActivityId { get; set; }
    public ChannelAccount? User { get; set; }
    public ChannelAccount? Bot { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ChannelId { get; set; }
    public string? Locale { get; set; }
    public string? ServiceUrl { get; set; }

    /// <summary>An event-shaped activity that carries this reference, used to start a proactive turn.</summary>
    public Activity GetContinuationActivity() => new()
    {
        Type = ActivityTypes.Event,
        Name = "ContinueConversation",
        Id = Guid.NewGuid().ToString(),
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Conversation = Conversation,
        Recipient = Bot,
        From = User,
        Locale = Locale,
        RelatesTo = this,
    };
}

public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }
    public string? ActivityId { get; set; }
    public string? ServiceUrl { get; set; }
}

/// <summary>Body of POST /v3/conversations.</summary>
public sealed class ConversationParameters
{
    public bool IsGroup { get; set; }
    public ChannelAccount? Bot { get; set; }
    public IList<ChannelAccount>? Members { get; set; }
    public string? TopicName { get; set; }
    public string? TenantId { get; set; }
    public Activity? Activity { get; set; }
    public JsonNode? ChannelData { get; set; }
}

/// <summary>The answer to an invoke activity: an HTTP status and an optional body.</summary>
public sealed record InvokeResponse(int Status, object? Body = null);
