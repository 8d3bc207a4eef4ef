using System.Security.Claims;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.Authentication;

/// <summary>Checks the bearer token of an inbound activity as Azure Bot Service requires.</summary>
public interface IRequestAuthenticator
{
    /// <summary>False in local mode (no MicrosoftAppId): then every request is let through, as the Emulator expects.</summary>
    bool IsEnabled { get; }

    Task<AuthenticationOutcome> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken);
}

/// <summary>
/// The result of checking an inbound request: 200 with the caller's identity, 401/403 with a reason safe to log, or 503 when the
/// token could not be checked at all (the issuer's keys were unreachable): the caller's token may be fine, so it should try again.
/// </summary>
public sealed record AuthenticationOutcome(int StatusCode, string? Failure, ClaimsIdentity? Identity)
{
    public bool Succeeded => StatusCode == 200;

    public static AuthenticationOutcome Success(ClaimsIdentity? identity) => new(200, null, identity);
    public static AuthenticationOutcome Unauthorized(string reason) => new(401, reason, null);
    public static AuthenticationOutcome Forbidden(string reason) => new(403, reason, null);
    public static AuthenticationOutcome Unavailable(string reason) => new(503, reason, null);
}

/// <summary>Tokens for the bot's calls to the Connector (scope https://api.botframework.com/.default).</summary>
public interface IBotTokenProvider
{
    /// <summary>False in local mode, where the Connector (Emulator, Playground, test stand-in) needs no token.</summary>
    bool IsEnabled { get; }

    Task<string> GetTokenAsync(CancellationToken cancellationToken);
}
