using PolicyBot.BotFramework.Builder;
using PolicyBot.Dialogs.Directory;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>The chat commands about requests: "my requests", "pending approvals", "site register", each answered with a card.</summary>
public sealed class ApprovalCommands(IApprovalStore store, IStaffDirectory directory, ApprovalCardBuilder cards, ApprovalInvokeHandler invokes)
{
    public async Task MyRequestsAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var requests = await store.ListByRequesterAsync(ApprovalInvokeHandler.ActorId(turnContext.Activity), cancellationToken);
        await turnContext.SendActivityAsync(cards.MyRequestsCard(requests).ToActivity(), cancellationToken);
    }

    public async Task PendingApprovalsAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var pending = await store.ListPendingForApproverAsync(ApprovalInvokeHandler.ActorId(turnContext.Activity), cancellationToken);
        await turnContext.SendActivityAsync(cards.PendingApprovalsCard(pending).ToActivity(), cancellationToken);
    }

    /// <summary>The register of approved sites, for the headteacher only (it names staff and their duties).</summary>
    public async Task SiteRegisterAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var headteacher = await directory.GetHeadteacherAsync(cancellationToken);
        if (ApprovalInvokeHandler.ActorId(turnContext.Activity) != headteacher.Id)
        {
            await turnContext.SendActivityAsync(
                ApprovalCardBuilder.Message("Only the headteacher can see the site register. Type \"my requests\" to see your own applications.").ToActivity(),
                cancellationToken);
            return;
        }
        var approved = await store.ListByStatusAsync([ApprovalStatus.Approved], cancellationToken);
        await turnContext.SendActivityAsync(cards.SiteRegisterCard(approved).ToActivity(), cancellationToken);
    }

    /// <summary>
    /// "Edit and resubmit" on the applicant's list: the request, when it is theirs and its approver asked for changes;
    /// otherwise says why it can't be edited and returns null.
    /// </summary>
    public async Task<ApprovalRequest?> FindEditableAsync(ITurnContext turnContext, string requestId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(requestId, cancellationToken);
        var reason = stored?.Value switch
        {
            null => "I can't find that application.",
            { } request when request.Requester.Id != ApprovalInvokeHandler.ActorId(turnContext.Activity) => "Only the person who applied can edit this application.",
            { Status: not ApprovalStatus.ChangesRequested } => "This application can only be edited when an approver has asked for changes.",
            _ => null,
        };
        if (reason is not null)
        {
            await turnContext.SendActivityAsync(reason, cancellationToken);
            return null;
        }
        return stored!.Value;
    }

    /// <summary>"Review" on the pending list: the request card for this viewer.</summary>
    public async Task ReviewAsync(ITurnContext turnContext, string requestId, CancellationToken cancellationToken)
    {
        var card = await invokes.CardForViewerAsync(requestId, turnContext.Activity, cancellationToken);
        await turnContext.SendActivityAsync(card.ToActivity(), cancellationToken);
    }
}
