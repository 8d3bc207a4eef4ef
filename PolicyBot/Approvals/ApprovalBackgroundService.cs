using Microsoft.Extensions.Options;
using PolicyBot.Dialogs.Approvals;

namespace PolicyBot.Approvals;

/// <summary>
/// Runs the approval workflow's background work in every instance: outbox delivery every few seconds (claims with ETags
/// keep instances from sending a message twice) and reminders every few minutes (under a lease, so one instance at a time).
/// </summary>
public sealed partial class ApprovalBackgroundService(
    OutboxDispatcher dispatcher,
    ApprovalReminders reminders,
    IOptions<ApprovalOptions> options,
    TimeProvider clock,
    ILogger<ApprovalBackgroundService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
        {
            return Task.CompletedTask;
        }
        return Task.WhenAll(
            RepeatAsync("outbox", dispatcher.DispatchDueAsync, options.Value.OutboxPollInterval, stoppingToken),
            RepeatAsync("reminders", reminders.RunOnceAsync, options.Value.ReminderPollInterval, stoppingToken));
    }

    private async Task RepeatAsync(string job, Func<CancellationToken, Task<int>> pass, TimeSpan interval, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex, job);
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "A background pass of {Job} failed; it runs again at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string job);
}
