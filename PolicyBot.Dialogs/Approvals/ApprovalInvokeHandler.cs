using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Cards;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>
/// The approval card's buttons: Universal Actions invokes (approve, reject, request changes, withdraw, refresh) and the
/// Action.Submit fallback of older clients. Each answers with the card the person should now see; only the approver the
/// request awaits can change anything, and a stage is decided once whatever the number of clicks.
/// </summary>
public sealed class ApprovalInvokeHandler(ApprovalWorkflow workflow, IApprovalStore store, ApprovalCardBuilder cards)
{
    /// <summary>True when an invoke belongs to the approval workflow.</summary>
    public static bool Handles(AdaptiveCardInvokeValue value) =>
        value.Action?.Verb is ApprovalVerbs.Approve or ApprovalVerbs.Reject or ApprovalVerbs.RequestChanges or ApprovalVerbs.Withdraw or ApprovalVerbs.Refresh
        && ReadRequestId(value.Action.Data as JsonObject) is not null;

    /// <summary>True when a message is an approval card's Action.Submit fallback.</summary>
    public static bool HandlesSubmit(JsonNode? value) =>
        value is JsonObject data && data[ApprovalVerbs.SubmitVerbKey] is JsonValue && ReadRequestId(data) is not null;

    /// <summary>adaptiveCard/action: answered with the card to show in place of the one acted on (status 200,
    /// application/vnd.microsoft.card.adaptive).</summary>
    public async Task<InvokeResponse> OnInvokeAsync(ITurnContext turnContext, AdaptiveCardInvokeValue value, CancellationToken cancellationToken)
    {
        var data = value.Action?.Data as JsonObject;
        if (ReadRequestId(data) is not { } requestId)
        {
            return AdaptiveCardInvokeResponse.Error(400, "BadRequest", "The card did not say which request it is about.");
        }
        var card = await ActAsync(turnContext.Activity, value.Action!.Verb, requestId, data!, cancellationToken);
        return AdaptiveCardInvokeResponse.Card(card.ToJson());
    }

    /// <summary>The Action.Submit fallback: the same action, answered with the resulting card as a reply.</summary>
    public async Task OnSubmitAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var data = (JsonObject)turnContext.Activity.Value!;
        var verb = data.GetString(ApprovalVerbs.SubmitVerbKey);
        var card = await ActAsync(turnContext.Activity, verb, ReadRequestId(data)!, data, cancellationToken);
        await turnContext.SendActivityAsync(card.ToActivity(), cancellationToken);
    }

    /// <summary>The request card for an approver who asked to review it from "pending approvals".</summary>
    public async Task<AdaptiveCard> CardForViewerAsync(string requestId, Activity activity, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(requestId, cancellationToken);
        if (stored is null)
        {
            return ApprovalCardBuilder.Message("I can't find that request any more.");
        }
        var decisions = await store.GetDecisionsAsync(requestId, cancellationToken);
        return cards.ForViewer(stored.Value, decisions, ActorId(activity), activity.From?.Id);
    }

    private async Task<AdaptiveCard> ActAsync(Activity activity, string? verb, string requestId, JsonObject data, CancellationToken cancellationToken)
    {
        if (verb == ApprovalVerbs.Refresh || ApprovalVerbs.ToDecision(verb) is not { } decision)
        {
            return await CardForViewerAsync(requestId, activity, cancellationToken);
        }
        var command = new DecisionCommand(
            requestId,
            ActorId(activity),
            activity.From?.Name ?? "Unknown",
            decision,
            data[ApprovalVerbs.CommentKey] is JsonValue comment && comment.GetValueKind() == JsonValueKind.String ? comment.GetValue<string>() : null,
            ReadRevision(data));
        var outcome = await workflow.DecideAsync(command, cancellationToken);
        return await CardForOutcomeAsync(outcome, activity, cancellationToken);
    }

    private async Task<AdaptiveCard> CardForOutcomeAsync(DecisionOutcome outcome, Activity activity, CancellationToken cancellationToken)
    {
        var viewerId = ActorId(activity);
        switch (outcome)
        {
            case DecisionOutcome.NotFound:
                return ApprovalCardBuilder.Message("I can't find that request any more.");
            case DecisionOutcome.CommentRequired(var request):
                return cards.RequestCard(request, await DecisionsAsync(request, cancellationToken), activity.From?.Id,
                    note: "Please add a comment that says why, so the applicant knows what to do next.");
        }
        var current = outcome switch
        {
            DecisionOutcome.Recorded r => r.Request,
            DecisionOutcome.Resubmitted r => r.Request,
            DecisionOutcome.AlreadyDecided r => r.Request,
            DecisionOutcome.NotYourTurn r => r.Request,
            DecisionOutcome.OwnRequest r => r.Request,
            DecisionOutcome.Stale r => r.Request,
            DecisionOutcome.NotAllowed r => r.Request,
            _ => throw new InvalidOperationException("Every outcome names its request."),
        };
        var decisions = await DecisionsAsync(current, cancellationToken);
        return outcome switch
        {
            DecisionOutcome.Recorded r => cards.OutcomeCard(r.Request, r.Decision, decisions),
            DecisionOutcome.AlreadyDecided { Earlier: { } earlier } => cards.StatusCard(current, decisions,
                note: $"Already {ApprovalCardBuilder.DecisionLabel(earlier.Decision).ToLowerInvariant()} by {CardText.Escape(earlier.ApproverName)} on {cards.When(earlier.DecidedAt)}; nothing was changed."),
            DecisionOutcome.OwnRequest => cards.StatusCard(current, decisions, note: "You can't approve your own request."),
            DecisionOutcome.NotYourTurn => cards.StatusCard(current, decisions, note: WhoMustDecide(current)),
            DecisionOutcome.NotAllowed r => cards.StatusCard(current, decisions, note: r.Reason),
            DecisionOutcome.Stale => viewerId == current.CurrentApproverId
                ? cards.RequestCard(current, decisions, activity.From?.Id, note: "The application has changed since that card: this is the current version.")
                : cards.StatusCard(current, decisions, note: "That card showed an earlier version of the application."),
            _ => cards.StatusCard(current, decisions),
        };
    }

    private static string WhoMustDecide(ApprovalRequest request) => request.Status switch
    {
        ApprovalStatus.AwaitingLineManager => $"Only {CardText.Escape(request.LineManager.DisplayName)}, the line manager, can decide now; nothing was changed.",
        ApprovalStatus.AwaitingHeadteacher => $"Only {CardText.Escape(request.Headteacher.DisplayName)}, the headteacher, can decide now; nothing was changed.",
        _ => "This request is not waiting for a decision; nothing was changed.",
    };

    private Task<IReadOnlyList<ApprovalDecision>> DecisionsAsync(ApprovalRequest request, CancellationToken cancellationToken) =>
        store.GetDecisionsAsync(request.Id, cancellationToken);

    /// <summary>Who clicked: their Entra object id (Teams sends it as aadObjectId), else the channel's user id.</summary>
    public static string ActorId(Activity activity) =>
        activity.From?.AadObjectId is { Length: > 0 } aad ? aad : activity.From?.Id ?? "";

    private static string? ReadRequestId(JsonObject? data) =>
        data?[ApprovalVerbs.RequestIdKey] is JsonValue id && id.GetValueKind() == JsonValueKind.String && id.GetValue<string>() is { Length: > 0 } value ? value : null;

    private static int? ReadRevision(JsonObject data) => data[ApprovalVerbs.RevisionKey] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var number) => number,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && int.TryParse(v.GetValue<string>(), out var parsed) => parsed,
        _ => null,
    };
}
