using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>
/// The two signatures of Appendix B as a state machine: submitted → awaiting line manager → awaiting headteacher →
/// approved | rejected | changes requested | withdrawn. Every change is one ETag-checked write of the request, its
/// decision-log entries and the notifications it causes; a write that loses a race is re-read and judged again.
/// </summary>
public sealed class ApprovalWorkflow(IApprovalStore store, ApprovalNotices notices, TimeProvider clock)
{
    private const int MaxAttempts = 8;

    /// <summary>
    /// Sends a Submitted request to its first approver: the line manager, or straight to the headteacher when the line
    /// manager is the headteacher (one decision then covers both stages). Starting twice changes nothing.
    /// </summary>
    public async Task<ApprovalRequest> StartAsync(string requestId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.GetAsync(requestId, cancellationToken)
                ?? throw new ApprovalWorkflowException($"There is no approval request '{requestId}'.");
            var request = stored.Value;
            if (request.Status != ApprovalStatus.Submitted)
            {
                return request;
            }
            Validate(request);
            var now = clock.GetUtcNow();
            var started = request with
            {
                Status = FirstStage(request),
                UpdatedAt = now,
                LastRemindedAt = null,
            };
            try
            {
                var saved = await store.SaveAsync(started, stored.ETag, [], notices.ForStageStarted(started, previous: null, now), cancellationToken);
                return saved.Value;
            }
            catch (StateConflictException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>Records an approver's decision, or the requester's withdrawal, if the rules allow it.</summary>
    public async Task<DecisionOutcome> DecideAsync(DecisionCommand command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.GetAsync(command.RequestId, cancellationToken);
            if (stored is null)
            {
                return new DecisionOutcome.NotFound(command.RequestId);
            }
            var judged = command.Decision == DecisionKind.Withdrawn
                ? JudgeWithdrawal(stored.Value, command)
                : await JudgeDecisionAsync(stored.Value, command, cancellationToken);
            if (judged is not DecisionOutcome.Recorded recorded)
            {
                return judged;
            }
            try
            {
                var notifications = notices.ForDecision(stored.Value, recorded.Request, recorded.Decision);
                var saved = await store.SaveAsync(recorded.Request, stored.ETag, [recorded.Decision], notifications, cancellationToken);
                return recorded with { Request = saved.Value };
            }
            catch (StateConflictException) when (attempt < MaxAttempts)
            {
                // Someone else wrote first (another click, another device, a redelivery): read again and judge again.
            }
        }
    }

    /// <summary>
    /// After changes were requested: the requester's edited application goes back to the line manager as a new revision.
    /// </summary>
    public async Task<DecisionOutcome> ResubmitAsync(ApprovalRequest edited, string actorId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.GetAsync(edited.Id, cancellationToken);
            if (stored is null)
            {
                return new DecisionOutcome.NotFound(edited.Id);
            }
            var current = stored.Value;
            if (current.Requester.Id != actorId)
            {
                return new DecisionOutcome.NotAllowed(current, "Only the person who applied can resubmit this request.");
            }
            if (current.Status != ApprovalStatus.ChangesRequested)
            {
                return new DecisionOutcome.NotAllowed(current, "Only a request whose approver asked for changes can be resubmitted.");
            }
            var now = clock.GetUtcNow();
            var resubmitted = current with
            {
                Application = edited.Application,
                Title = edited.Title,
                ClosureDate = edited.ClosureDate,
                LineManager = edited.LineManager,
                Revision = current.Revision + 1,
                UpdatedAt = now,
                LastRemindedAt = null,
            };
            resubmitted = resubmitted with { Status = FirstStage(resubmitted) };
            Validate(resubmitted);
            try
            {
                var saved = await store.SaveAsync(resubmitted, stored.ETag, [], notices.ForStageStarted(resubmitted, previous: null, now), cancellationToken);
                return new DecisionOutcome.Resubmitted(saved.Value);
            }
            catch (StateConflictException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>The key that makes one stage of one revision decidable exactly once, whoever clicks and however often.</summary>
    public static string IdempotencyKey(ApprovalRequest request, ApprovalStage stage) => $"{request.Id}/r{request.Revision}/{stage}";

    public static ApprovalStage? CurrentStage(ApprovalRequest request) => request.Status switch
    {
        ApprovalStatus.AwaitingLineManager => ApprovalStage.LineManager,
        ApprovalStatus.AwaitingHeadteacher => ApprovalStage.Headteacher,
        _ => null,
    };

    public static bool IsPending(ApprovalStatus status) =>
        status is ApprovalStatus.Submitted or ApprovalStatus.AwaitingLineManager or ApprovalStatus.AwaitingHeadteacher;

    /// <summary>One decision covers both stages where the line manager is the headteacher, or the requester is the
    /// headteacher (who cannot approve their own request, so their line manager's decision is final).</summary>
    public static bool CoversBothStages(ApprovalRequest request) =>
        request.LineManager.Id == request.Headteacher.Id || request.Requester.Id == request.Headteacher.Id;

    private static ApprovalStatus FirstStage(ApprovalRequest request) =>
        request.LineManager.Id == request.Headteacher.Id ? ApprovalStatus.AwaitingHeadteacher : ApprovalStatus.AwaitingLineManager;

    private static void Validate(ApprovalRequest request)
    {
        if (request.LineManager.Id == request.Requester.Id)
        {
            throw new ApprovalWorkflowException("The requester cannot be their own line manager: choose someone else to approve.");
        }
    }

    private async Task<DecisionOutcome> JudgeDecisionAsync(ApprovalRequest request, DecisionCommand command, CancellationToken cancellationToken)
    {
        if (command.CardRevision is { } cardRevision && cardRevision != request.Revision)
        {
            return new DecisionOutcome.Stale(request);
        }
        if (command.ActorId == request.Requester.Id)
        {
            return new DecisionOutcome.OwnRequest(request);
        }
        if (CurrentStage(request) is not { } stage)
        {
            var decisions = await store.GetDecisionsAsync(request.Id, cancellationToken);
            var earlier = decisions.LastOrDefault(d => d.Revision == request.Revision);
            return earlier is null ? new DecisionOutcome.NotYourTurn(request) : new DecisionOutcome.AlreadyDecided(request, earlier);
        }
        if (command.ActorId != request.CurrentApproverId)
        {
            // The line manager clicking an old card after approving: tell them it is already decided, not "not your turn".
            var decisions = await store.GetDecisionsAsync(request.Id, cancellationToken);
            var theirs = decisions.LastOrDefault(d => d.Revision == request.Revision && d.ApproverId == command.ActorId);
            return theirs is null ? new DecisionOutcome.NotYourTurn(request) : new DecisionOutcome.AlreadyDecided(request, theirs);
        }
        if (command.Decision != DecisionKind.Approved && string.IsNullOrWhiteSpace(command.Comment))
        {
            return new DecisionOutcome.CommentRequired(request);
        }

        var now = clock.GetUtcNow();
        var coversBoth = stage == ApprovalStage.Headteacher
            ? request.LineManager.Id == request.Headteacher.Id
            : request.Requester.Id == request.Headteacher.Id;
        var decision = new ApprovalDecision(
            request.Id, stage, command.ActorId, command.ActorName, command.Decision, NormalizeComment(command.Comment), now,
            IdempotencyKey(request, stage), request.Revision, coversBoth);
        var nextStatus = (command.Decision, stage, coversBoth) switch
        {
            (DecisionKind.Approved, ApprovalStage.LineManager, false) => ApprovalStatus.AwaitingHeadteacher,
            (DecisionKind.Approved, _, _) => ApprovalStatus.Approved,
            (DecisionKind.Rejected, _, _) => ApprovalStatus.Rejected,
            _ => ApprovalStatus.ChangesRequested,
        };
        return new DecisionOutcome.Recorded(request with { Status = nextStatus, UpdatedAt = now, LastRemindedAt = null }, decision);
    }

    private DecisionOutcome JudgeWithdrawal(ApprovalRequest request, DecisionCommand command)
    {
        if (command.ActorId != request.Requester.Id)
        {
            return new DecisionOutcome.NotAllowed(request, "Only the person who applied can withdraw this request.");
        }
        if (!IsPending(request.Status) && request.Status != ApprovalStatus.ChangesRequested)
        {
            return request.Status == ApprovalStatus.Withdrawn
                ? new DecisionOutcome.AlreadyDecided(request, null)
                : new DecisionOutcome.NotAllowed(request, "This request is already decided, so it can no longer be withdrawn.");
        }
        var now = clock.GetUtcNow();
        var stage = CurrentStage(request) ?? ApprovalStage.LineManager;
        var decision = new ApprovalDecision(
            request.Id, stage, command.ActorId, command.ActorName, DecisionKind.Withdrawn, NormalizeComment(command.Comment), now,
            $"{request.Id}/r{request.Revision}/withdrawn", request.Revision);
        return new DecisionOutcome.Recorded(request with { Status = ApprovalStatus.Withdrawn, UpdatedAt = now, LastRemindedAt = null }, decision);
    }

    private const int MaxCommentLength = 2000;

    private static string? NormalizeComment(string? comment)
    {
        var trimmed = comment?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length > MaxCommentLength ? trimmed[..MaxCommentLength] : trimmed;
    }
}
