namespace PolicyBot.Hosting;

/// <summary>The host's log messages. None of them carries message text, form answers or tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Local mode: no MicrosoftAppId is configured, so no tokens are checked or sent, as with the Bot Framework Emulator and the Agents Playground. Listening on {Urls} (loopback only unless ASPNETCORE_URLS says otherwise).")]
    public static partial void LocalMode(ILogger logger, string urls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Authenticated mode ({AppType}): inbound tokens are checked as Azure Bot Service requires. Listening on {Urls}.")]
    public static partial void AuthenticatedMode(ILogger logger, string appType, string urls);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "A {ActivityType} turn failed with {ExceptionType}; the user was told it was not saved.")]
    public static partial void TurnFailed(ILogger logger, string exceptionType, string? activityType);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Could not tell the user about a failed turn: {ExceptionType}.")]
    public static partial void ErrorReplyFailed(ILogger logger, string exceptionType);
}
