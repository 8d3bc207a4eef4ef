using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Dialogs.Welcome;

namespace PolicyBot.Dialogs;

/// <summary>
/// PolicyBot's route table: every kind of activity the bot reacts to, and where it goes. Read this file to know
/// everything the bot does; each feature lives in its own folder.
/// </summary>
public sealed class PolicyBotApplication(
    IConversationReferenceStore conversationReferences,
    PolicyBotSettings settings,
    ApprovalInvokeHandler approvalInvokes,
    ApprovalCommands approvalCommands) : ActivityHandler
{
    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        await RememberConversationAsync(turnContext, cancellationToken);
        await base.OnTurnAsync(turnContext, cancellationToken);
    }

    // conversationUpdate with members added, and installationUpdate "add": the welcome.
    protected override Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken) =>
        SendWelcomeAsync(turnContext, cancellationToken);

    protected override Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        SendWelcomeAsync(turnContext, cancellationToken);

    // message: a command (typed or a button), otherwise a policy question.
    protected override async Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (ApprovalInvokeHandler.HandlesSubmit(activity.Value))
        {
            // An approval card's Action.Submit fallback (clients without Universal Actions).
            await approvalInvokes.OnSubmitAsync(turnContext, cancellationToken);
            return;
        }
        var command = BotCommands.Recognize(activity.Text, (activity.Value as JsonObject)?["command"]?.GetValue<string>());
        switch (command)
        {
            case BotCommands.Help:
                await SendWelcomeAsync(turnContext, cancellationToken);
                break;
            case BotCommands.MyRequests:
                await approvalCommands.MyRequestsAsync(turnContext, cancellationToken);
                break;
            case BotCommands.PendingApprovals:
                await approvalCommands.PendingApprovalsAsync(turnContext, cancellationToken);
                break;
            case BotCommands.SiteRegister:
                await approvalCommands.SiteRegisterAsync(turnContext, cancellationToken);
                break;
            case ApprovalCardBuilder.ReviewCommand when ((activity.Value as JsonObject)?[ApprovalVerbs.RequestIdKey]?.GetValue<string>() is { } requestId):
                await approvalCommands.ReviewAsync(turnContext, requestId, cancellationToken);
                break;
            default:
                await turnContext.SendActivityAsync("Sorry, I can't answer that yet.", cancellationToken);
                break;
        }
    }

    // invoke adaptiveCard/action: the approval card's Universal Actions (approve, reject, request changes, withdraw, refresh).
    protected override Task<InvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
        ApprovalInvokeHandler.Handles(invokeValue)
            ? approvalInvokes.OnInvokeAsync(turnContext, invokeValue, cancellationToken)
            : Task.FromResult(AdaptiveCardInvokeResponse.Error(400, "BadRequest", "This button isn't one PolicyBot knows."));

    // any other invoke (message extensions, task modules, sign-in): not offered by this app, so a client error.
    protected override Task OnInvokeActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Name == AdaptiveCardActionInvoke)
        {
            return base.OnInvokeActivityAsync(turnContext, cancellationToken);
        }
        turnContext.InvokeResponse = new InvokeResponse(400);
        return Task.CompletedTask;
    }

    private Task SendWelcomeAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(WelcomeCard.Create(settings.SchoolName).ToActivity(), cancellationToken);

    /// <summary>Keeps the latest 1:1 conversation reference of each user, for proactive messages (approval cards, status).</summary>
    private async Task RememberConversationAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (activity.Type == ActivityTypes.Event || activity.From?.AadObjectId is not { Length: > 0 } userId)
        {
            return;
        }
        if (activity.Conversation?.ConversationType is { } type && type != "personal")
        {
            return;
        }
        await conversationReferences.SaveAsync(userId, activity.GetConversationReference(), cancellationToken);
    }
}

/// <summary>School-wide settings the conversation needs.</summary>
public sealed class PolicyBotSettings
{
    public string SchoolName { get; set; } = "Education My Life Matters";
}
