namespace PolicyBot.Dialogs.Approvals;

/// <summary>What happened to a decision, withdrawal or resubmission someone asked for.</summary>
public abstract record DecisionOutcome
{
    private DecisionOutcome()
    {
    }

    /// <summary>The decision was recorded; <paramref name="Request"/> is the new state.</summary>
    public sealed record Recorded(ApprovalRequest Request, ApprovalDecision Decision) : DecisionOutcome;

    /// <summary>The edited application went back to the line manager as a new revision.</summary>
    public sealed record Resubmitted(ApprovalRequest Request) : DecisionOutcome;

    /// <summary>Someone decided this stage first (a double click, a second device, a redelivered invoke).</summary>
    public sealed record AlreadyDecided(ApprovalRequest Request, ApprovalDecision? Earlier) : DecisionOutcome;

    /// <summary>The actor is not the approver the request is waiting for (or nobody is awaited any more).</summary>
    public sealed record NotYourTurn(ApprovalRequest Request) : DecisionOutcome;

    /// <summary>The requester tried to approve their own request.</summary>
    public sealed record OwnRequest(ApprovalRequest Request) : DecisionOutcome;

    /// <summary>Rejecting or requesting changes needs a comment that says why.</summary>
    public sealed record CommentRequired(ApprovalRequest Request) : DecisionOutcome;

    /// <summary>The card showed an earlier revision of the request than the one now awaiting a decision.</summary>
    public sealed record Stale(ApprovalRequest Request) : DecisionOutcome;

    /// <summary>The request is not in a state that allows this (e.g. withdrawing an approved request).</summary>
    public sealed record NotAllowed(ApprovalRequest Request, string Reason) : DecisionOutcome;

    public sealed record NotFound(string RequestId) : DecisionOutcome;
}

/// <summary>What an approver (or the requester) asks the workflow to record.</summary>
/// <param name="CardRevision">The revision the card showed, when the card says; a different one makes the action stale.</param>
public sealed record DecisionCommand(
    string RequestId,
    string ActorId,
    string ActorName,
    DecisionKind Decision,
    string? Comment,
    int? CardRevision = null);

/// <summary>The workflow was used against its rules (e.g. started twice, or without an approver).</summary>
public sealed class ApprovalWorkflowException(string message) : Exception(message);
