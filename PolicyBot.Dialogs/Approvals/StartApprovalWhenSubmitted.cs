using PolicyBot.BotFramework.Builder;
using PolicyBot.Dialogs.Cards;
using PolicyBot.Dialogs.SiteApplication;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>Hands a submitted (or, after changes were requested, resubmitted) application to the approval workflow.</summary>
public sealed class StartApprovalWhenSubmitted(ApprovalWorkflow workflow) : IApplicationSubmitted
{
    public Task OnSubmittedAsync(ITurnContext turnContext, Versioned<ApprovalRequest> request, CancellationToken cancellationToken) =>
        workflow.StartAsync(request.Value.Id, cancellationToken);

    public async Task<string> OnResubmittedAsync(ITurnContext turnContext, ApprovalRequest edited, CancellationToken cancellationToken)
    {
        var outcome = await workflow.ResubmitAsync(edited, ApprovalInvokeHandler.ActorId(turnContext.Activity), cancellationToken);
        return outcome switch
        {
            DecisionOutcome.Resubmitted done =>
                $"Resubmitted: {CardText.Escape(done.Request.Title)} (revision {done.Request.Revision + 1}). It's back with {CardText.Escape(done.Request.LineManager.DisplayName)} first.",
            DecisionOutcome.NotAllowed refused => refused.Reason,
            _ => "I can't find that application any more, so nothing was sent.",
        };
    }
}
