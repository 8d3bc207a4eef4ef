using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Hosting;

/// <summary>
/// Once an hour, on one instance at a time (a lease), deletes the de-duplication record's expired activity ids, so the
/// record holds about a day of traffic rather than everything since the bot was installed.
/// </summary>
public sealed partial class ProcessedActivityPurgeService(
    IProcessedActivityStore processed, ILeaseStore leases, TimeProvider clock, ILogger<ProcessedActivityPurgeService> logger) : BackgroundService
{
    private const string LeaseName = "purge-processed-activities";
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private readonly string _owner = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
                if (await leases.TryAcquireAsync(LeaseName, _owner, Interval / 2, stoppingToken))
                {
                    LogPurged(logger, await processed.PurgeExpiredAsync(clock.GetUtcNow(), stoppingToken));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Purged {Count} expired activity ids from the de-duplication record.")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Purging expired activity ids failed with {ExceptionType}; it is tried again in an hour.")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
