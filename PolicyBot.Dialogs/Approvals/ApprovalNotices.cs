using System.Globalization;
using System.Text.Json.Nodes;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>The kinds of outbox message the approval workflow queues, and what their payload holds.</summary>
public static class OutboxKinds
{
    /// <summary>The request card for an approver; rendered when it is sent, from the request's state then.
    /// Payload: stage, revision, reminder (bool).</summary>
    public const string ApprovalCard = "approval-card";

    /// <summary>Replace an approval card already delivered with the request's current state. Payload: cardMessageId.</summary>
    public const string CardUpdate = "card-update";

    /// <summary>A message rendered when queued. Payload: card (Adaptive Card JSON), event (what it is about).</summary>
    public const string Notice = "notice";
}

/// <summary>
/// Which notifications each change of a request causes, as outbox messages queued in the same write as the change.
/// Ids are derived from the request, its revision and the event, so the same event never queues two messages.
/// </summary>
public sealed class ApprovalNotices(ApprovalCardBuilder cards)
{
    public const string CardKey = "card";
    public const string EventKey = "event";
    public const string CardMessageIdKey = "cardMessageId";

    /// <summary>A stage started: the approval card to its approver, and a word to the applicant on who has it.</summary>
    public IReadOnlyList<OutboxMessage> ForStageStarted(ApprovalRequest request, ApprovalDecision? previous, DateTimeOffset now)
    {
        if (request.CurrentApproverId is not { } approverId || ApprovalWorkflow.CurrentStage(request) is not { } stage)
        {
            return [];
        }
        return
        [
            ApprovalCardFor(request, approverId, stage, now, reminder: false),
            Notice(request, request.Requester.Id, $"with-{stage}", cards.WithApproverNotice(request, previous), now),
        ];
    }

    /// <summary>A decision (or withdrawal) was recorded: update the acted-on card in place, and tell whoever is next.</summary>
    public IReadOnlyList<OutboxMessage> ForDecision(ApprovalRequest before, ApprovalRequest after, ApprovalDecision decision)
    {
        var now = decision.DecidedAt;
        var messages = new List<OutboxMessage>();
        if (before.CurrentApproverId is { } waitingFor && ApprovalWorkflow.CurrentStage(before) is { } stage)
        {
            messages.Add(CardUpdate(after, waitingFor, CardMessageId(before, waitingFor, stage), now));
        }
        switch (after.Status)
        {
            case ApprovalStatus.AwaitingHeadteacher:
                messages.AddRange(ForStageStarted(after, decision, now));
                break;
            case ApprovalStatus.Approved:
                messages.Add(Notice(after, after.Requester.Id, "approved", cards.ApprovedNotice(after, decision), now));
                if (decision.Stage == ApprovalStage.Headteacher && !decision.CoversBothStages && after.LineManager.Id != after.Requester.Id)
                {
                    messages.Add(Notice(after, after.LineManager.Id, "approved-fyi", cards.ForInformationNotice(after, [decision]), now));
                }
                break;
            default:
                messages.Add(Notice(after, after.Requester.Id, EventName(decision.Decision), cards.OutcomeNotice(after, decision), now));
                break;
        }
        return messages;
    }

    /// <summary>The approval card again, for an approver who has not decided yet.</summary>
    public OutboxMessage Reminder(ApprovalRequest request, DateTimeOffset now) =>
        ApprovalCardFor(request, request.CurrentApproverId!, ApprovalWorkflow.CurrentStage(request)!.Value, now, reminder: true);

    public OutboxMessage Escalation(ApprovalRequest request, int schoolDays, DateTimeOffset now) =>
        Notice(request, request.Headteacher.Id, "escalated", cards.EscalationNotice(request, schoolDays), now);

    public OutboxMessage ClosureReminder(ApprovalRequest request, DateOnly closureDate, bool onTheDay, DateTimeOffset now) =>
        Notice(request, request.Requester.Id, onTheDay ? "closure-today" : "closure-soon", cards.ClosureNotice(request, closureDate, onTheDay), now);

    public OutboxMessage InstallNeeded(ApprovalRequest request, StaffMember approver, DateTimeOffset now) =>
        Notice(request, request.Requester.Id, $"install-needed-{approver.Id}", cards.InstallNeededNotice(request, approver.DisplayName), now);

    /// <summary>The outbox id of the approval card a stage's approver received, so later decisions can update it.</summary>
    public static string CardMessageId(ApprovalRequest request, string approverId, ApprovalStage stage) =>
        $"{request.Id}/r{request.Revision}/{OutboxKinds.ApprovalCard}/{stage}/{approverId}";

    private static OutboxMessage ApprovalCardFor(ApprovalRequest request, string approverId, ApprovalStage stage, DateTimeOffset now, bool reminder) => new()
    {
        Id = reminder ? $"{CardMessageId(request, approverId, stage)}/reminder-{Stamp(now)}" : CardMessageId(request, approverId, stage),
        RequestId = request.Id,
        RecipientId = approverId,
        Kind = OutboxKinds.ApprovalCard,
        Payload = new JsonObject { ["stage"] = stage.ToString(), ["revision"] = request.Revision, ["reminder"] = reminder },
        CreatedAt = now,
        NextAttemptAt = now,
    };

    private static OutboxMessage CardUpdate(ApprovalRequest request, string approverId, string cardMessageId, DateTimeOffset now) => new()
    {
        Id = $"{cardMessageId}/update-{request.Status}",
        RequestId = request.Id,
        RecipientId = approverId,
        Kind = OutboxKinds.CardUpdate,
        Payload = new JsonObject { [CardMessageIdKey] = cardMessageId },
        CreatedAt = now,
        NextAttemptAt = now,
    };

    private static OutboxMessage Notice(ApprovalRequest request, string recipientId, string eventName, Cards.AdaptiveCard card, DateTimeOffset now) => new()
    {
        Id = $"{request.Id}/r{request.Revision}/{eventName}/{recipientId}",
        RequestId = request.Id,
        RecipientId = recipientId,
        Kind = OutboxKinds.Notice,
        Payload = new JsonObject { [EventKey] = eventName, [CardKey] = card.ToJson() },
        CreatedAt = now,
        NextAttemptAt = now,
    };

    private static string EventName(DecisionKind decision) => decision switch
    {
        DecisionKind.Rejected => "rejected",
        DecisionKind.ChangesRequested => "changes-requested",
        DecisionKind.Withdrawn => "withdrawn",
        _ => "approved",
    };

    private static string Stamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
