using PolicyBot.BotFramework.Authentication;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.Tests.Infrastructure;

/// <summary>Local mode of the protocol layer, as with the Emulator: no inbound token checked, no outbound token sent.</summary>
public sealed class LocalModeAuthenticator : IRequestAuthenticator
{
    public bool IsEnabled => false;

    public Task<AuthenticationOutcome> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken) =>
        Task.FromResult(AuthenticationOutcome.Success(null));
}

public sealed class NoBotTokens : IBotTokenProvider
{
    public bool IsEnabled => false;

    public Task<string> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult("");
}
