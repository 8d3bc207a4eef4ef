using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace PolicyBot.BotFramework.Authentication;

/// <summary>
/// The signing keys published at one OpenID metadata address, cached by a <see cref="ConfigurationManager{T}"/>.
/// A token naming a key we do not know makes us ask for fresh metadata once (keys rotate);
/// the manager lets such a refresh through at most once per <see cref="RefreshInterval"/>, so forged kids cannot flood the issuer.
/// </summary>
internal sealed class SigningKeySource
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;

    public SigningKeySource(string metadataUrl, HttpClient http)
    {
        var retriever = new HttpDocumentRetriever(http) { RequireHttps = !IsLoopback(metadataUrl) };
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(metadataUrl, new OpenIdConnectConfigurationRetriever(), retriever)
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(24),
            RefreshInterval = RefreshInterval,
        };
    }

    /// <summary>The published key with this id, or null when even fresh metadata does not have it.</summary>
    public async Task<JsonWebKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var key = Find(await _metadata.GetConfigurationAsync(cancellationToken), keyId);
        if (key is not null)
        {
            return key;
        }
        _metadata.RequestRefresh();
        return Find(await _metadata.GetConfigurationAsync(cancellationToken), keyId);
    }

    private static JsonWebKey? Find(OpenIdConnectConfiguration configuration, string keyId) =>
        configuration.JsonWebKeySet?.Keys.FirstOrDefault(key => string.Equals(key.Kid, keyId, StringComparison.Ordinal));

    // Plain HTTP is allowed only for a metadata server on this machine (tests, local stand-ins).
    private static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
