using Microsoft.Extensions.Logging;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>
/// Nudges: an approver who has not decided within the configured school days gets the card again; a line manager's
/// long silence is escalated to the headteacher; an approved site's owner is reminded before and on its closure date
/// (A.1.6). One instance at a time does this, under a lease; every reminder is queued with an ETag-checked write.
/// </summary>
public sealed class ApprovalReminders(
    IApprovalStore store,
    IOutbox outbox,
    ILeaseStore leases,
    ApprovalNotices notices,
    ApprovalOptions options,
    TimeProvider clock,
    ILogger<ApprovalReminders> logger)
{
    public const string LeaseName = "approval-reminders";

    /// <summary>How long the grace after a closure date lasts for a reminder missed while the bot was down.</summary>
    private const int ClosureGraceDays = 3;

    private readonly string _owner = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    /// <summary>One pass; returns how many reminders were queued (0 when another instance holds the lease).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!await leases.TryAcquireAsync(LeaseName, _owner, TimeSpan.FromMinutes(5), cancellationToken))
        {
            return 0;
        }
        try
        {
            var queued = 0;
            var pending = await store.ListByStatusAsync([ApprovalStatus.AwaitingLineManager, ApprovalStatus.AwaitingHeadteacher], cancellationToken);
            foreach (var request in pending)
            {
                queued += await RemindApproverAsync(request.Id, cancellationToken);
            }
            var approved = await store.ListByStatusAsync([ApprovalStatus.Approved], cancellationToken);
            foreach (var request in approved.Where(r => r.ClosureDate is not null))
            {
                queued += await RemindOfClosureAsync(request.Id, cancellationToken);
            }
            return queued;
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName, _owner, CancellationToken.None);
        }
    }

    private async Task<int> RemindApproverAsync(string requestId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(requestId, cancellationToken);
        if (stored?.Value is not { CurrentApproverId: not null } request)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        var timeZone = options.GetTimeZone();
        var waiting = SchoolCalendar.SchoolDaysBetween(request.UpdatedAt, now, timeZone);
        var sinceReminder = SchoolCalendar.SchoolDaysBetween(request.LastRemindedAt ?? request.UpdatedAt, now, timeZone);
        var messages = new List<OutboxMessage>();
        if (sinceReminder >= options.ReminderSchoolDays)
        {
            messages.Add(notices.Reminder(request, now));
        }
        if (request.Status == ApprovalStatus.AwaitingLineManager && waiting >= options.EscalationSchoolDays
            && !await AlreadyQueuedAsync(request, "escalated", cancellationToken))
        {
            messages.Add(notices.Escalation(request, waiting, now));
        }
        return await QueueAsync(stored, request with { LastRemindedAt = messages.Count > 0 ? now : request.LastRemindedAt }, messages, cancellationToken);
    }

    private async Task<int> RemindOfClosureAsync(string requestId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(requestId, cancellationToken);
        if (stored?.Value is not { Status: ApprovalStatus.Approved, ClosureDate: { } closure } request)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        var today = SchoolCalendar.LocalDate(now, options.GetTimeZone());
        var messages = new List<OutboxMessage>();
        if (today >= closure.AddDays(-options.ClosureReminderDaysBefore) && today < closure
            && !await AlreadyQueuedAsync(request, "closure-soon", cancellationToken))
        {
            messages.Add(notices.ClosureReminder(request, closure, onTheDay: false, now));
        }
        if (today >= closure && today <= closure.AddDays(ClosureGraceDays)
            && !await AlreadyQueuedAsync(request, "closure-today", cancellationToken))
        {
            messages.Add(notices.ClosureReminder(request, closure, onTheDay: true, now));
        }
        return await QueueAsync(stored, request, messages, cancellationToken);
    }

    private async Task<bool> AlreadyQueuedAsync(ApprovalRequest request, string eventName, CancellationToken cancellationToken)
    {
        var prefix = $"{request.Id}/r{request.Revision}/{eventName}/";
        return (await outbox.ListForRequestAsync(request.Id, cancellationToken)).Any(m => m.Id.StartsWith(prefix, StringComparison.Ordinal));
    }

    private async Task<int> QueueAsync(Versioned<ApprovalRequest> stored, ApprovalRequest updated, List<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return 0;
        }
        try
        {
            await store.SaveAsync(updated, stored.ETag, [], messages, cancellationToken);
            Log.Reminded(logger, messages.Count, updated.Id);
            return messages.Count;
        }
        catch (StateConflictException)
        {
            // The request changed meanwhile (a decision, most likely): the next pass judges it afresh.
            return 0;
        }
    }
}
