using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Approvals;

namespace PolicyBot.Dialogs.Storage;

/// <summary>
/// The system of record for approval requests and their decision log. A request, the decisions taken on it and the
/// notifications those decisions cause are written together, atomically, with the request's ETag checked, so a decision
/// is never recorded twice, never lost, and never recorded without its notifications.
/// </summary>
public interface IApprovalStore
{
    Task<Versioned<ApprovalRequest>?> GetAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>Creates or updates <paramref name="request"/> (expectedETag null: it must not exist yet), appends
    /// <paramref name="decisions"/> to the log and queues <paramref name="notifications"/> in the outbox, all or nothing.
    /// Throws <see cref="BotFramework.State.StateConflictException"/> when the ETag no longer matches or a decision's
    /// idempotency key is already recorded.</summary>
    Task<Versioned<ApprovalRequest>> SaveAsync(
        ApprovalRequest request,
        string? expectedETag,
        IReadOnlyList<ApprovalDecision> decisions,
        IReadOnlyList<OutboxMessage> notifications,
        CancellationToken cancellationToken);

    Task<IReadOnlyList<ApprovalDecision>> GetDecisionsAsync(string requestId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApprovalRequest>> ListByRequesterAsync(string requesterId, CancellationToken cancellationToken);

    /// <summary>Requests waiting for this approver's decision now.</summary>
    Task<IReadOnlyList<ApprovalRequest>> ListPendingForApproverAsync(string approverId, CancellationToken cancellationToken);

    /// <summary>Requests in any of the given states (approved sites for the register, pending ones for reminders).</summary>
    Task<IReadOnlyList<ApprovalRequest>> ListByStatusAsync(IReadOnlyCollection<ApprovalStatus> statuses, CancellationToken cancellationToken);
}

/// <summary>
/// A notification still to deliver (an approval card, a status message to the requester). Queued in the same write as the
/// change that causes it; delivered by the outbox dispatcher, retried until it arrives, never sent twice.
/// </summary>
public sealed record OutboxMessage
{
    public required string Id { get; init; }
    public required string RequestId { get; init; }

    /// <summary>The Entra object id of the person to notify.</summary>
    public required string RecipientId { get; init; }

    /// <summary>What to send, e.g. "approval-card", "status", "reminder"; the dispatcher renders it.</summary>
    public required string Kind { get; init; }

    public JsonObject Payload { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>The Teams activity id of the delivered message, so the card can be updated in place later.</summary>
    public string? DeliveredActivityId { get; init; }
    public string? DeliveredConversationId { get; init; }
    public string? LastError { get; init; }
}

public interface IOutbox
{
    /// <summary>Undelivered messages whose next attempt is due, oldest first.</summary>
    Task<IReadOnlyList<Versioned<OutboxMessage>>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Saves a changed message (delivered, or failed with a later next attempt) if its ETag still matches.</summary>
    Task<Versioned<OutboxMessage>> UpdateAsync(OutboxMessage message, string expectedETag, CancellationToken cancellationToken);

    /// <summary>Messages delivered for a request, e.g. to find the approval card's activity id to update it.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListForRequestAsync(string requestId, CancellationToken cancellationToken);
}

/// <summary>Where the bot can reach each person proactively: the last conversation reference of their 1:1 chat.</summary>
public interface IConversationReferenceStore
{
    Task SaveAsync(string userId, ConversationReference reference, CancellationToken cancellationToken);
    Task<ConversationReference?> GetAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>Whether a policy answer helped: what staff ask and what fails, with no personal data beyond the user id.</summary>
public sealed record AnswerFeedback(string Id, string UserId, string Question, IReadOnlyList<string> CitedClauses, bool? Helpful, bool Covered, DateTimeOffset At);

public interface IFeedbackStore
{
    Task RecordAsync(AnswerFeedback feedback, CancellationToken cancellationToken);
    Task<IReadOnlyList<AnswerFeedback>> ListAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>A lease so that only one of several instances runs a background job at a time (ETag-checked, expires).</summary>
public interface ILeaseStore
{
    /// <summary>True when <paramref name="owner"/> holds the lease named <paramref name="name"/> until now + duration.</summary>
    Task<bool> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken);
    Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken);
}

/// <summary>Tells whether the store answers, for /healthz.</summary>
public interface IStorageHealth
{
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);

    /// <summary>"Azure Table Storage (https://…)" or "SQLite (data/policybot.db)", for the startup log.</summary>
    string Description { get; }
}
