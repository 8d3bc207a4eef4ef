using System.Text.Json.Nodes;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>Where an approval request stands. The order is the workflow's: submitted, then each stage, then an outcome.</summary>
public enum ApprovalStatus
{
    Submitted,
    AwaitingLineManager,
    AwaitingHeadteacher,
    Approved,
    Rejected,
    ChangesRequested,
    Withdrawn,
}

/// <summary>The two signatures of Appendix B.</summary>
public enum ApprovalStage
{
    LineManager,
    Headteacher,
}

public enum DecisionKind
{
    Approved,
    Rejected,
    ChangesRequested,
    Withdrawn,
}

/// <summary>A member of staff as the workflow knows them: the Entra object id, and the name shown on cards.</summary>
public sealed record StaffMember(string Id, string DisplayName, string? Email = null, string? JobTitle = null);

/// <summary>
/// A request to create a social media site: the completed Appendix B form and where its approval stands.
/// The form's answers are kept as JSON so the store does not depend on the form's shape.
/// </summary>
public sealed record ApprovalRequest
{
    public required string Id { get; init; }
    public required StaffMember Requester { get; init; }
    public required StaffMember LineManager { get; init; }
    public required StaffMember Headteacher { get; init; }
    public required ApprovalStatus Status { get; init; }
    public required JsonObject Application { get; init; }

    /// <summary>A one-line title for lists and cards, e.g. "Year 9 geography Instagram".</summary>
    public required string Title { get; init; }

    /// <summary>The proposed closure date (A.1.6), for the site register and closure reminders.</summary>
    public DateOnly? ClosureDate { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>How many times the requester has resubmitted after changes were requested.</summary>
    public int Revision { get; init; }

    /// <summary>When the current stage's approver was last reminded (reminders and escalation).</summary>
    public DateTimeOffset? LastRemindedAt { get; init; }

    /// <summary>The id of the approver who must act now, or null when nobody must.</summary>
    public string? CurrentApproverId => Status switch
    {
        ApprovalStatus.AwaitingLineManager => LineManager.Id,
        ApprovalStatus.AwaitingHeadteacher => Headteacher.Id,
        _ => null,
    };
}

/// <summary>
/// One entry of the append-only decision log: the form's Name, Signature and Date.
/// <see cref="IdempotencyKey"/> makes a double click or a redelivered invoke record nothing twice.
/// </summary>
public sealed record ApprovalDecision(
    string RequestId,
    ApprovalStage Stage,
    string ApproverId,
    string ApproverName,
    DecisionKind Decision,
    string? Comment,
    DateTimeOffset DecidedAt,
    string IdempotencyKey,
    int Revision = 0,
    bool CoversBothStages = false);

/// <summary>A stored record together with the ETag it was read with.</summary>
public sealed record Versioned<T>(T Value, string ETag);
