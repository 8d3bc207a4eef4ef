using Microsoft.Extensions.Logging;

namespace PolicyBot.Dialogs.Policy;

/// <summary>The policy answerer's log messages: file paths and counts only, never questions.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Embedding cache {CachePath} not used ({Reason}); embedding {Count} pack texts at start-up instead. Regenerate it with: {Command}")]
    public static partial void EmbeddingCacheStale(ILogger logger, string cachePath, string reason, int count, string command);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Policy answerer ready in {Milliseconds} ms ({Count} embeddings {Source})")]
    public static partial void Ready(ILogger logger, long milliseconds, int count, string source);
}
