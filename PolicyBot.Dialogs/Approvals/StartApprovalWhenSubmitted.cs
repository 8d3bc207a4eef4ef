using PolicyBot.BotFramework.Builder;
using PolicyBot.Dialogs.SiteApplication;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>Hands a submitted application to the approval workflow, which queues the line manager's card.</summary>
public sealed class StartApprovalWhenSubmitted(ApprovalWorkflow workflow) : IApplicationSubmitted
{
    public Task OnSubmittedAsync(ITurnContext turnContext, Versioned<ApprovalRequest> request, CancellationToken cancellationToken) =>
        workflow.StartAsync(request.Value.Id, cancellationToken);
}
