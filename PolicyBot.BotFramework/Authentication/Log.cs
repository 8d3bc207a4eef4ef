using Microsoft.Extensions.Logging;

namespace PolicyBot.BotFramework.Authentication;

/// <summary>Log messages of inbound and outbound authentication. None of them carries a token or personal data.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "The signing keys at {MetadataUrl} could not be read")]
    public static partial void SigningKeysUnavailable(ILogger logger, string metadataUrl, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Inbound token accepted from issuer {Issuer} for channel {ChannelId}")]
    public static partial void TokenAccepted(ILogger logger, string issuer, string? channelId);
}
