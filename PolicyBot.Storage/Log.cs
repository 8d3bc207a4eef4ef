using Microsoft.Extensions.Logging;

namespace PolicyBot.Storage;

/// <summary>The storage layer's log lines. They name the store, never a record, an id or a connection string.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Storage: {Store}")]
    public static partial void StoreInUse(ILogger logger, string store);
}
