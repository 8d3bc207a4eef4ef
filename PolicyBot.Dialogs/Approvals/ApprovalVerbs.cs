namespace PolicyBot.Dialogs.Approvals;

/// <summary>The verbs of the approval card's Action.Execute buttons, and the names of the data they carry.</summary>
public static class ApprovalVerbs
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string RequestChanges = "requestChanges";
    public const string Withdraw = "withdraw";

    /// <summary>Universal Actions' automatic refresh: the card for the current state and viewer.</summary>
    public const string Refresh = "refresh";

    /// <summary>Data keys: which request, which revision of it the card showed, the typed comment.</summary>
    public const string RequestIdKey = "requestId";
    public const string RevisionKey = "revision";
    public const string CommentKey = "comment";

    /// <summary>Set in an Action.Submit fallback's data, so the message handler knows it is an approval action.</summary>
    public const string SubmitVerbKey = "approvalVerb";

    public static bool IsDecision(string? verb) => verb is Approve or Reject or RequestChanges;

    public static DecisionKind? ToDecision(string? verb) => verb switch
    {
        Approve => DecisionKind.Approved,
        Reject => DecisionKind.Rejected,
        RequestChanges => DecisionKind.ChangesRequested,
        Withdraw => DecisionKind.Withdrawn,
        _ => null,
    };
}
