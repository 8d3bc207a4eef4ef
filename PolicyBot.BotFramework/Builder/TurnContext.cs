using PolicyBot.BotFramework.Connector;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.Builder;

/// <summary>The turn context of one incoming activity; replies go out through the Connector client.</summary>
public sealed class TurnContext(Activity activity, IConnectorClient connector) : ITurnContext
{
    private int _sent;

    public Activity Activity { get; } = activity;
    public TurnStateCollection TurnState { get; } = new();
    public bool Responded => Volatile.Read(ref _sent) > 0;
    public InvokeResponse? InvokeResponse { get; set; }

    public Task<ResourceResponse> SendActivityAsync(string text, CancellationToken cancellationToken = default) =>
        SendActivityAsync(Activity.CreateMessageActivity(text), cancellationToken);

    public async Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ApplyConversation(activity);
        var response = activity.ReplyToId is { Length: > 0 } replyToId
            ? await connector.ReplyToActivityAsync(activity.ServiceUrl!, activity.Conversation!.Id!, replyToId, activity, cancellationToken)
            : await connector.SendToConversationAsync(activity.ServiceUrl!, activity.Conversation!.Id!, activity, cancellationToken);
        if (activity.Type != ActivityTypes.Typing)
        {
            Interlocked.Increment(ref _sent);
        }
        return response;
    }

    public Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ApplyConversation(activity, replyTo: false);
        return connector.UpdateActivityAsync(activity.ServiceUrl!, activity.Conversation!.Id!, activity.Id!, activity, cancellationToken);
    }

    public Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default) =>
        connector.DeleteActivityAsync(Activity.ServiceUrl!, Activity.Conversation!.Id!, activityId, cancellationToken);

    /// <summary>Addresses an outgoing activity to this turn's conversation, as the SDK's ApplyConversationReference does.</summary>
    private void ApplyConversation(Activity outgoing, bool replyTo = true)
    {
        outgoing.Type ??= ActivityTypes.Message;
        outgoing.ChannelId = Activity.ChannelId;
        outgoing.ServiceUrl = Activity.ServiceUrl;
        outgoing.Conversation = Activity.Conversation;
        outgoing.From = Activity.Recipient;
        outgoing.Recipient = Activity.From;
        outgoing.Locale ??= Activity.Locale;
        if (replyTo && Activity.Type != ActivityTypes.Event && !string.IsNullOrEmpty(Activity.Id))
        {
            outgoing.ReplyToId ??= Activity.Id;
        }
    }
}
