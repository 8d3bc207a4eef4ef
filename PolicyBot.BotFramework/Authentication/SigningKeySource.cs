using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace PolicyBot.BotFramework.Authentication;

/// <summary>
/// The signing keys published at one OpenID metadata address, kept for a day. A token naming a key we do not know makes
/// us read the metadata again at once (keys rotate), but at most once per <see cref="RefreshInterval"/>, so forged kids
/// cannot flood the issuer. When a read fails, the keys we had are kept.
/// </summary>
/// <remarks>
/// Not IdentityModel's ConfigurationManager: since 8.x its RequestRefresh reloads on a background task, so the retry
/// right after it still sees the old keys (the blocking mode is a process-wide AppContext switch).
/// </remarks>
internal sealed class SigningKeySource(string metadataUrl, HttpClient http, TimeProvider? timeProvider = null)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan KeysLifetime = TimeSpan.FromHours(24);

    private readonly HttpDocumentRetriever _documents = new(http) { RequireHttps = !IsLoopback(metadataUrl) };
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile PublishedKeys? _published;

    public string MetadataUrl => metadataUrl;

    /// <summary>The published key with this id, or null when even freshly read metadata does not have it.</summary>
    public async Task<JsonWebKey?> FindKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var key = Find(await ReadKeysAsync(forUnknownKey: false, cancellationToken), keyId);
        return key ?? Find(await ReadKeysAsync(forUnknownKey: true, cancellationToken), keyId);
    }

    private async Task<IReadOnlyList<JsonWebKey>> ReadKeysAsync(bool forUnknownKey, CancellationToken cancellationToken)
    {
        if (_published is { } published && !MustRead(published, forUnknownKey))
        {
            return published.Keys;
        }
        await _reading.WaitAsync(cancellationToken);
        try
        {
            var previous = _published;
            if (previous is not null && !MustRead(previous, forUnknownKey))
            {
                return previous.Keys;
            }
            var now = _time.GetUtcNow();
            var refreshedForUnknownKeyAt = forUnknownKey ? now : previous?.RefreshedForUnknownKeyAt;
            try
            {
                var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(metadataUrl, _documents, cancellationToken);
                _published = new PublishedKeys([.. configuration.JsonWebKeySet?.Keys ?? []], now, refreshedForUnknownKeyAt);
            }
            catch (Exception) when (previous is not null && !cancellationToken.IsCancellationRequested)
            {
                _published = previous with { ReadAt = now, RefreshedForUnknownKeyAt = refreshedForUnknownKeyAt };
            }
            return _published.Keys;
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>Keys are read again once a day, or for an unknown key when the last such reading is 5 minutes old.</summary>
    private bool MustRead(PublishedKeys published, bool forUnknownKey)
    {
        var now = _time.GetUtcNow();
        return now - published.ReadAt >= KeysLifetime ||
            forUnknownKey && (published.RefreshedForUnknownKeyAt is not { } refreshedAt || now - refreshedAt >= RefreshInterval);
    }

    private static JsonWebKey? Find(IReadOnlyList<JsonWebKey> keys, string keyId) =>
        keys.FirstOrDefault(key => string.Equals(key.Kid, keyId, StringComparison.Ordinal));

    // Plain HTTP is allowed only for a metadata server on this machine (tests, local stand-ins).
    private static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    private sealed record PublishedKeys(IReadOnlyList<JsonWebKey> Keys, DateTimeOffset ReadAt, DateTimeOffset? RefreshedForUnknownKeyAt);
}
