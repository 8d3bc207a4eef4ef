using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.Connector;

/// <summary>The Bot Connector REST API (v3) the bot calls to talk into a conversation.</summary>
public interface IConnectorClient
{
    Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken = default);
    Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default);
    Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);
    Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default);
    Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default);
}

/// <summary>The Connector answered with an error status that retries did not cure (0: no answer, or not asked at all).</summary>
public sealed class ConnectorException(int statusCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>How long the Connector asked us to wait before trying again (its Retry-After header), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
