using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Engine;
using PolicyBot.Dialogs.Policy;
using PolicyBot.Dialogs.SiteApplication;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Dialogs.Welcome;

namespace PolicyBot.Dialogs;

/// <summary>
/// PolicyBot's route table: every kind of activity the bot reacts to, and where it goes. Read this file to know
/// everything the bot does; each feature lives in its own folder.
/// </summary>
public sealed class PolicyBotApplication : ActivityHandler
{
    private readonly IConversationReferenceStore _conversationReferences;
    private readonly PolicyBotSettings _settings;
    private readonly IStatePropertyAccessor<DialogState> _dialogState;
    private readonly IStatePropertyAccessor<WelcomeState> _welcome;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _savedReferences = new(StringComparer.Ordinal);
    private readonly IPolicyQuestionAnswerer _policyAnswerer;
    private readonly ApprovalInvokeHandler _approvalInvokes;
    private readonly ApprovalCommands _approvalCommands;
    private readonly DialogSet _dialogs;

    public PolicyBotApplication(
        IConversationReferenceStore conversationReferences,
        PolicyBotSettings settings,
        ConversationState conversationState,
        SiteApplicationDialog siteApplication,
        IPolicyQuestionAnswerer policyAnswerer,
        ApprovalInvokeHandler approvalInvokes,
        ApprovalCommands approvalCommands)
    {
        (_conversationReferences, _settings, _policyAnswerer) = (conversationReferences, settings, policyAnswerer);
        (_approvalInvokes, _approvalCommands) = (approvalInvokes, approvalCommands);
        _dialogState = conversationState.CreateProperty<DialogState>(nameof(DialogState));
        _welcome = conversationState.CreateProperty<WelcomeState>("welcome");
        _dialogs = new DialogSet().Add(siteApplication);
    }

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        await RememberConversationAsync(turnContext, cancellationToken);
        await base.OnTurnAsync(turnContext, cancellationToken);
    }

    // conversationUpdate with members added, and installationUpdate "add": the welcome, once per conversation (Teams
    // and the Playground may send both when the app is installed).
    protected override Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken) =>
        WelcomeOnceAsync(turnContext, cancellationToken);

    protected override Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        WelcomeOnceAsync(turnContext, cancellationToken);

    // message: an approval card's Action.Submit fallback; the form in progress (it handles help, cancel, policy
    // questions and returns itself); then a command (typed or a button); then a request to start the form; then a
    // policy question.
    protected override async Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        // "@PolicyBot can I …" where the bot is mentioned: the question is what follows the mention.
        turnContext.Activity.RemoveRecipientMention();
        if (ApprovalInvokeHandler.HandlesSubmit(turnContext.Activity.Value))
        {
            // An approval card's Action.Submit fallback (clients without Universal Actions).
            await _approvalInvokes.OnSubmitAsync(turnContext, cancellationToken);
            return;
        }
        if (AnswerFeedbackData.Read(turnContext.Activity.Value) is { } vote)
        {
            // A policy answer's "It helped" / "It didn't help".
            await _policyAnswerer.RecordVoteAsync(turnContext, vote, cancellationToken);
            return;
        }
        var dc = _dialogs.CreateContext(turnContext, await _dialogState.GetAsync(turnContext, cancellationToken));
        await RouteMessageAsync(dc, cancellationToken);
    }

    private async Task RouteMessageAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turnContext = dc.Context;
        if (dc.ActiveDialog is not null)
        {
            await dc.ContinueDialogAsync(cancellationToken);
            return;
        }

        var activity = turnContext.Activity;
        // A follow-up question button sends the question as its value where the client does not post it as text.
        var text = (activity.Text ?? activity.Value.GetString("question"))?.Trim() ?? string.Empty;
        var command = BotCommands.Recognize(activity.Text, activity.Value.GetString("command"));
        switch (command)
        {
            case BotCommands.Help:
                await SendWelcomeAsync(turnContext, cancellationToken);
                return;
            case BotCommands.Apply:
                await StartApplicationAsync(dc, cancellationToken);
                return;
            case BotCommands.Cancel:
                await turnContext.SendActivityAsync("There's nothing in progress to cancel.", cancellationToken);
                return;
            case BotCommands.Thanks:
                await turnContext.SendActivityAsync("You're welcome. Ask me about the social media policy any time.", cancellationToken);
                return;
            case BotCommands.MyRequests:
                await _approvalCommands.MyRequestsAsync(turnContext, cancellationToken);
                return;
            case BotCommands.PendingApprovals:
                await _approvalCommands.PendingApprovalsAsync(turnContext, cancellationToken);
                return;
            case BotCommands.SiteRegister:
                await _approvalCommands.SiteRegisterAsync(turnContext, cancellationToken);
                return;
            case ApprovalCardBuilder.ReviewCommand when activity.Value.GetString(ApprovalVerbs.RequestIdKey) is { } requestId:
                await _approvalCommands.ReviewAsync(turnContext, requestId, cancellationToken);
                return;
            case ApprovalCardBuilder.EditCommand when activity.Value.GetString(ApprovalVerbs.RequestIdKey) is { } requestId:
                if (await _approvalCommands.FindEditableAsync(turnContext, requestId, cancellationToken) is { } editable)
                {
                    await dc.BeginDialogAsync(SiteApplicationDialog.DialogId, SiteApplicationDialog.ResubmissionOptions(editable.Id, editable.Application), cancellationToken);
                }
                return;
            case not null:
                await turnContext.SendActivityAsync("Sorry, I can't do that yet.", cancellationToken);
                return;
        }
        if (PromptAnswer.Read(activity).QuestionId is not null)
        {
            await turnContext.SendActivityAsync("That card belongs to an application that is no longer in progress. Say **apply** to start a new one.", cancellationToken);
            return;
        }

        switch (SiteApplicationIntent.Classify(text))
        {
            case MessageIntent.StartApplication:
                await StartApplicationAsync(dc, cancellationToken);
                return;
            case MessageIntent.QuestionAboutSites:
                await AnswerPolicyQuestionAsync(turnContext, text, cancellationToken);
                await turnContext.SendActivityAsync(WelcomeCard.ApplyOffer().ToActivity(), cancellationToken);
                return;
        }
        await AnswerPolicyQuestionAsync(turnContext, text, cancellationToken);
    }

    // invoke adaptiveCard/action: the approval card's Universal Actions (approve, reject, request changes, withdraw, refresh).
    protected override Task<InvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
        ApprovalInvokeHandler.Handles(invokeValue)
            ? _approvalInvokes.OnInvokeAsync(turnContext, invokeValue, cancellationToken)
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

    /// <summary>Starts the approval form. One draft per person: the form runs in the 1:1 chat, whose state is the person's.</summary>
    private async Task StartApplicationAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.Context.Activity.Conversation?.ConversationType is { } type && type != "personal")
        {
            await dc.Context.SendActivityAsync("Let's do your application in our 1:1 chat: message me there and say **apply**.", cancellationToken);
            return;
        }
        await dc.BeginDialogAsync(SiteApplicationDialog.DialogId, cancellationToken: cancellationToken);
    }

    private Task AnswerPolicyQuestionAsync(ITurnContext turnContext, string text, CancellationToken cancellationToken) =>
        text.Length == 0
            ? SendWelcomeAsync(turnContext, cancellationToken)
            : _policyAnswerer.AnswerAsync(turnContext, text, cancellationToken);

    private async Task WelcomeOnceAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var welcome = await _welcome.GetAsync(turnContext, cancellationToken);
        if (welcome.Sent)
        {
            return;
        }
        await SendWelcomeAsync(turnContext, cancellationToken);
        welcome.Sent = true;
    }

    private Task SendWelcomeAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(WelcomeCard.Create(_settings.SchoolName).ToActivity(), cancellationToken);

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
        // Written when it changes, not on every turn: it is the same chat almost always.
        var fingerprint = $"{activity.ServiceUrl}|{activity.Conversation?.Id}|{activity.Recipient?.Id}|{activity.From?.Id}";
        if (_savedReferences.TryGetValue(userId, out var saved) && saved == fingerprint)
        {
            return;
        }
        await _conversationReferences.SaveAsync(userId, activity.GetConversationReference(), cancellationToken);
        _savedReferences[userId] = fingerprint;
    }
}

/// <summary>Whether this conversation has had its welcome.</summary>
public sealed class WelcomeState
{
    public bool Sent { get; set; }
}

/// <summary>School-wide settings the conversation needs.</summary>
public sealed class PolicyBotSettings
{
    public string SchoolName { get; set; } = "Education My Life Matters";
}
