using Microsoft.Extensions.Logging;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>The approval workflow's log messages: ids and kinds only, never names, answers or comments.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Delivered {Kind} for request {RequestId} on attempt {Attempt}")]
    public static partial void Delivered(ILogger logger, string kind, string requestId, int attempt);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Delivery of {Kind} for request {RequestId} failed on attempt {Attempt} ({Reason}); next attempt at {NextAttemptAt:o}")]
    public static partial void DeliveryFailed(ILogger logger, string kind, string requestId, int attempt, string reason, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "The Teams app is not installed for an approver of request {RequestId} and could not be installed ({Result})")]
    public static partial void AppNotInstalled(ILogger logger, string requestId, AppInstallResult result);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Skipped {Kind} for request {RequestId}: {Reason}")]
    public static partial void Skipped(ILogger logger, string kind, string requestId, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Queued {Count} reminder(s) for request {RequestId}")]
    public static partial void Reminded(ILogger logger, int count, string requestId);
}
