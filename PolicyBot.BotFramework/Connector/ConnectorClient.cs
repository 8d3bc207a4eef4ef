using System.Net.Http.Headers;
using System.Net.Http.Json;
using Polly.Timeout;
using PolicyBot.BotFramework.Authentication;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.Connector;

/// <summary>
/// Calls the Connector over HTTP. Retries of transient failures are the HttpClient's resilience pipeline's job;
/// a bearer token is attached only for service URLs the bot has seen on an authenticated inbound activity.
/// </summary>
public sealed class ConnectorClient(HttpClient http, IBotTokenProvider tokens, TrustedServiceUrls trustedServiceUrls) : IConnectorClient
{
    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(replyToId)}", activity, cancellationToken);

    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities", activity, cancellationToken);

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity, cancellationToken);

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Delete, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", body: null, cancellationToken);

    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default) =>
        SendAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, cancellationToken);

    /// <summary>The resilience pipeline's time budget running out is the Connector not answering, like any other Connector failure.</summary>
    private async Task<HttpResponseMessage> SendWithinBudgetAsync(HttpRequestMessage request, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw new ConnectorException(0, $"The Connector did not answer {method} {path} within {ConnectorResilience.TotalTimeout.TotalSeconds:0} s.", e);
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string serviceUrl, string path, object? body, CancellationToken cancellationToken) where T : new()
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri(serviceUrl), path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: BotJson.Options);
        }
        if (tokens.IsEnabled)
        {
            if (!trustedServiceUrls.IsTrusted(serviceUrl))
            {
                throw new ConnectorException(0, "The service URL was never seen on an authenticated activity; no token is sent to it.");
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
        }

        using var response = await SendWithinBudgetAsync(request, method, path, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException((int)response.StatusCode, $"The Connector answered {(int)response.StatusCode} to {method} {path}.")
            {
                RetryAfter = ConnectorResilience.RetryAfterOf(response),
            };
        }
        if (response.Content.Headers.ContentLength is 0 || method == HttpMethod.Delete)
        {
            return new T();
        }
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(BotJson.Options, cancellationToken) ?? new T();
        }
        catch (System.Text.Json.JsonException)
        {
            return new T();
        }
    }

    private static Uri BaseUri(string serviceUrl) => new(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/");

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
