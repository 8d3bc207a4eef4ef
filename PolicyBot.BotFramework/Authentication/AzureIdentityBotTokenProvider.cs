using Azure.Core;
using Azure.Identity;

namespace PolicyBot.BotFramework.Authentication;

/// <summary>
/// Tokens for the bot's calls to the Connector, from Azure.Identity: a client secret or certificate (SingleTenant in the
/// bot's tenant, MultiTenant in botframework.com) or the user-assigned managed identity whose client id is the app id.
/// A token is reused until 5 minutes before it expires; one caller at a time asks for a new one.
/// In local mode (no app id) it is disabled and no credential is made.
/// </summary>
public sealed class AzureIdentityBotTokenProvider(BotIdentityOptions options, TokenCredential? credential = null, TimeProvider? timeProvider = null)
    : IBotTokenProvider, IDisposable
{
    public const string ConnectorScope = "https://api.botframework.com/.default";
    public const string MultiTenantAuthority = "botframework.com";
    public static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(5);

    private readonly TokenCredential? _credential = options.IsLocalMode ? null : credential ?? CreateCredential(options);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly SemaphoreSlim _renewal = new(1, 1);
    private volatile CachedToken? _cached;

    public bool IsEnabled => _credential is not null;

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_credential is null)
        {
            throw new InvalidOperationException("The bot runs in local mode (no MicrosoftAppId), so it has no token for the Connector.");
        }
        if (UsableToken() is { } token)
        {
            return token;
        }
        await _renewal.WaitAsync(cancellationToken);
        try
        {
            if (UsableToken() is { } renewedMeanwhile)
            {
                return renewedMeanwhile;
            }
            var accessToken = await _credential.GetTokenAsync(new TokenRequestContext([ConnectorScope]), cancellationToken);
            _cached = new CachedToken(accessToken.Token, accessToken.ExpiresOn - RenewBeforeExpiry);
            return accessToken.Token;
        }
        finally
        {
            _renewal.Release();
        }
    }

    public void Dispose() => _renewal.Dispose();

    /// <summary>The credential MicrosoftAppType asks for; an empty type means MultiTenant, as in the Bot Framework's configuration.</summary>
    internal static TokenCredential CreateCredential(BotIdentityOptions options)
    {
        var appId = options.MicrosoftAppId ?? throw new InvalidOperationException("MicrosoftAppId is required for Connector tokens.");
        if (options.IsManagedIdentity)
        {
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(appId));
        }
        var tenant = options.IsSingleTenant
            ? options.MicrosoftAppTenantId ?? throw new InvalidOperationException("MicrosoftAppTenantId is required for a SingleTenant bot.")
            : MultiTenantAuthority;
        var authorityHost = new Uri(options.AuthorityHost);
        if (!string.IsNullOrWhiteSpace(options.MicrosoftAppCertificatePath))
        {
            return new ClientCertificateCredential(tenant, appId, options.MicrosoftAppCertificatePath,
                new ClientCertificateCredentialOptions { AuthorityHost = authorityHost });
        }
        return new ClientSecretCredential(tenant, appId, options.MicrosoftAppPassword,
            new ClientSecretCredentialOptions { AuthorityHost = authorityHost });
    }

    private string? UsableToken() => _cached is { } cached && _time.GetUtcNow() < cached.RenewAt ? cached.Value : null;

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt);
}
