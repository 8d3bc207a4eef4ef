using System.Text.Json;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.Builder;

/// <summary>
/// Dispatches a turn by activity type, in the shape of the Bot Framework SDK's ActivityHandler:
/// override the handlers you need; everything else is acknowledged and ignored.
/// </summary>
public abstract class ActivityHandler : IBot
{
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";

    public virtual Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        turnContext.Activity.Type switch
        {
            ActivityTypes.Message => OnMessageActivityAsync(turnContext, cancellationToken),
            ActivityTypes.ConversationUpdate => OnConversationUpdateActivityAsync(turnContext, cancellationToken),
            ActivityTypes.InstallationUpdate => OnInstallationUpdateActivityAsync(turnContext, cancellationToken),
            ActivityTypes.Invoke => OnInvokeActivityAsync(turnContext, cancellationToken),
            ActivityTypes.MessageReaction => OnMessageReactionActivityAsync(turnContext, cancellationToken),
            _ => Task.CompletedTask,
        };

    protected virtual Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnConversationUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var added = activity.MembersAdded?.Where(m => m.Id != activity.Recipient?.Id).ToList();
        return added is { Count: > 0 } ? OnMembersAddedAsync(added, turnContext, cancellationToken) : Task.CompletedTask;
    }

    protected virtual Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnInstallationUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        turnContext.Activity.Action?.StartsWith("add", StringComparison.OrdinalIgnoreCase) == true
            ? OnInstallationUpdateAddAsync(turnContext, cancellationToken)
            : Task.CompletedTask;

    protected virtual Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnMessageReactionActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual async Task OnInvokeActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Name == AdaptiveCardActionInvoke)
        {
            var value = TryReadInvokeValue(turnContext.Activity);
            turnContext.InvokeResponse = value is null
                ? AdaptiveCardInvokeResponse.Error(400, "BadRequest", "The invoke value is not an Adaptive Card action.")
                : await OnAdaptiveCardInvokeAsync(turnContext, value, cancellationToken);
            return;
        }
        turnContext.InvokeResponse = new InvokeResponse(501);
    }

    protected virtual Task<InvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
        Task.FromResult(new InvokeResponse(501));

    private static AdaptiveCardInvokeValue? TryReadInvokeValue(Activity activity)
    {
        try
        {
            var value = activity.Value?.Deserialize<AdaptiveCardInvokeValue>(BotJson.Options);
            return value?.Action is { Type: not null } ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
