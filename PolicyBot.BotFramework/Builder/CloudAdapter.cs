using Microsoft.Extensions.Logging;
using PolicyBot.BotFramework.Authentication;
using PolicyBot.BotFramework.Connector;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.Builder;

/// <summary>What the HTTP endpoint answers for one inbound activity.</summary>
public sealed record ActivityProcessingResult(int StatusCode, object? Body = null, string? Failure = null);

/// <summary>
/// Runs turns: authenticates an inbound activity, builds its turn context and runs the middleware and the bot;
/// also starts proactive turns from a stored conversation reference (the SDK's CloudAdapter, without ASP.NET).
/// </summary>
public sealed class CloudAdapter(
    IRequestAuthenticator authenticator,
    IConnectorClient connector,
    TrustedServiceUrls trustedServiceUrls,
    IEnumerable<IMiddleware> middleware,
    ILogger<CloudAdapter> logger)
{
    private readonly IMiddleware[] _middleware = middleware.ToArray();

    /// <summary>Called when a turn throws: tells the user and logs, without personal data.</summary>
    public Func<ITurnContext, Exception, Task>? OnTurnError { get; set; }

    public async Task<ActivityProcessingResult> ProcessActivityAsync(string? authorizationHeader, Activity activity, IBot bot, CancellationToken cancellationToken)
    {
        var outcome = await authenticator.AuthenticateAsync(authorizationHeader, activity, cancellationToken);
        if (!outcome.Succeeded)
        {
            Log.AuthenticationFailed(logger, outcome.StatusCode, outcome.Failure);
            return new ActivityProcessingResult(outcome.StatusCode, Failure: outcome.Failure);
        }
        if (authenticator.IsEnabled && activity.ServiceUrl is { Length: > 0 } serviceUrl)
        {
            trustedServiceUrls.Trust(serviceUrl);
        }

        var turn = new TurnContext(activity, connector);
        if (outcome.Identity is not null)
        {
            turn.TurnState.Set(outcome.Identity);
        }
        await RunPipelineAsync(turn, bot.OnTurnAsync, cancellationToken);

        if (activity.Type == ActivityTypes.Invoke)
        {
            var response = turn.InvokeResponse ?? new InvokeResponse(501);
            return new ActivityProcessingResult(response.Status, response.Body);
        }
        return new ActivityProcessingResult(200);
    }

    /// <summary>Starts a proactive turn in a conversation the bot was in before (ContinueConversation).</summary>
    public Task ContinueConversationAsync(ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        var turn = new TurnContext(reference.GetContinuationActivity(), connector);
        return RunPipelineAsync(turn, (t, ct) => callback(t, ct), cancellationToken);
    }

    private async Task RunPipelineAsync(ITurnContext turn, Func<ITurnContext, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        try
        {
            await RunMiddlewareAsync(0, turn, handler, cancellationToken);
        }
        catch (Exception ex) when (OnTurnError is not null && ex is not OperationCanceledException)
        {
            await OnTurnError(turn, ex);
        }
    }

    private Task RunMiddlewareAsync(int index, ITurnContext turn, Func<ITurnContext, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
        index == _middleware.Length
            ? handler(turn, cancellationToken)
            : _middleware[index].OnTurnAsync(turn, ct => RunMiddlewareAsync(index + 1, turn, handler, ct), cancellationToken);
}

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Inbound activity refused with {StatusCode}: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, int statusCode, string? reason);
}
