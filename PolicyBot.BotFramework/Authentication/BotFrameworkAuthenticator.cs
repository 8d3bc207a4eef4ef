using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.Authentication;

/// <summary>
/// Authenticates requests from the Bot Connector service as its protocol documentation requires:
/// a Bearer JWT issued by https://api.botframework.com for our app id, RS256-signed by a key from the Bot Framework's
/// OpenID metadata that endorses the activity's channel, valid within 5 minutes of clock skew, whose serviceurl claim
/// is the activity's serviceUrl. A single-tenant bot also accepts tokens that Entra ID issued in its own tenant for its app id,
/// when they were issued to the bot's own app (appid in v1.0 tokens, azp in v2.0): any app of the tenant can get a token for
/// our audience.
/// </summary>
public sealed class BotFrameworkAuthenticator(BotIdentityOptions options, HttpClient metadataHttp, ILogger<BotFrameworkAuthenticator> logger)
    : IRequestAuthenticator
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string ServiceUrlClaim = "serviceurl";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly JsonWebTokenHandler _tokens = new();
    private readonly TrustedIssuer _botFramework = new(
        [BotFrameworkIssuer], new SigningKeySource(options.OpenIdMetadataUrl, metadataHttp), IsChannel: true);
    private readonly TrustedIssuer? _ownTenant = OwnTenantIssuer(options, metadataHttp);

    public bool IsEnabled => !options.IsLocalMode;

    public async Task<AuthenticationOutcome> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return AuthenticationOutcome.Success(null);
        }
        if (ReadBearerToken(authorizationHeader) is not { } token)
        {
            return AuthenticationOutcome.Unauthorized("The Authorization header is missing, is not a Bearer token, or is not a JWT.");
        }
        if (IssuerOf(token) is not { } issuer)
        {
            return AuthenticationOutcome.Unauthorized("The token's issuer is not one this bot accepts.");
        }
        if (string.IsNullOrEmpty(token.Kid))
        {
            return AuthenticationOutcome.Unauthorized("The token does not name its signing key.");
        }

        JsonWebKey? signingKey;
        try
        {
            signingKey = await issuer.Keys.FindKeyAsync(token.Kid, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SigningKeysUnavailable(logger, issuer.Keys.MetadataUrl, ex);
            return AuthenticationOutcome.Unavailable("The issuer's signing keys could not be read.");
        }
        if (signingKey is null)
        {
            return AuthenticationOutcome.Unauthorized("The token is signed with a key the issuer does not publish.");
        }

        var result = await _tokens.ValidateTokenAsync(token, ValidationParameters(issuer, signingKey));
        if (!result.IsValid)
        {
            // The exception's type says what failed without repeating any part of the token.
            return AuthenticationOutcome.Unauthorized($"The token is not valid ({result.Exception?.GetType().Name ?? "unknown reason"}).");
        }
        if (issuer.IsChannel && !Endorses(signingKey, activity.ChannelId))
        {
            return AuthenticationOutcome.Forbidden("The token's signing key does not endorse the activity's channel.");
        }
        if (!issuer.IsChannel && !string.Equals(CallerAppId(result.ClaimsIdentity), options.MicrosoftAppId, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Unauthorized("The token was issued to another app than this bot (appid / azp).");
        }
        if (!ServiceUrlMatches(result.ClaimsIdentity, activity.ServiceUrl, required: issuer.IsChannel))
        {
            return AuthenticationOutcome.Unauthorized("The token's serviceurl claim does not match the activity's serviceUrl.");
        }

        Log.TokenAccepted(logger, token.Issuer, activity.ChannelId);
        return AuthenticationOutcome.Success(result.ClaimsIdentity);
    }

    /// <summary>Who may sign tokens: their issuer names, where their keys are published, and whether they are the Bot Connector (endorsements, serviceurl).</summary>
    private sealed record TrustedIssuer(string[] Issuers, SigningKeySource Keys, bool IsChannel);

    private static TrustedIssuer? OwnTenantIssuer(BotIdentityOptions options, HttpClient metadataHttp)
    {
        if (options.IsLocalMode || !options.IsSingleTenant || string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            return null;
        }
        var tenant = options.MicrosoftAppTenantId.Trim();
        var authority = options.AuthorityHost.TrimEnd('/');
        var metadataUrl = $"{authority}/{tenant}/v2.0/.well-known/openid-configuration";
        string[] issuers = [$"{authority}/{tenant}/v2.0", $"https://sts.windows.net/{tenant}/"];
        return new TrustedIssuer(issuers, new SigningKeySource(metadataUrl, metadataHttp), IsChannel: false);
    }

    private JsonWebToken? ReadBearerToken(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = authorizationHeader[scheme.Length..].Trim();
        if (token.Length == 0 || !_tokens.CanReadToken(token))
        {
            return null;
        }
        try
        {
            return _tokens.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            return null;
        }
    }

    // Chooses the key source by the token's (not yet verified) issuer; the validation below checks the issuer again.
    private TrustedIssuer? IssuerOf(JsonWebToken token)
    {
        string issuer;
        try
        {
            issuer = token.Issuer;
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (_botFramework.Issuers.Contains(issuer, StringComparer.Ordinal))
        {
            return _botFramework;
        }
        return _ownTenant is not null && _ownTenant.Issuers.Contains(issuer, StringComparer.OrdinalIgnoreCase) ? _ownTenant : null;
    }

    private TokenValidationParameters ValidationParameters(TrustedIssuer issuer, JsonWebKey signingKey) => new()
    {
        ValidIssuers = issuer.Issuers,
        ValidAudience = options.MicrosoftAppId,
        IssuerSigningKey = signingKey,
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = ClockSkew,
    };

    /// <summary>The JWKS key's "endorsements" array lists the channels it may sign for.</summary>
    private static bool Endorses(JsonWebKey signingKey, string? channelId)
    {
        if (string.IsNullOrEmpty(channelId) || !signingKey.AdditionalData.TryGetValue("endorsements", out var endorsements))
        {
            return false;
        }
        IEnumerable<string?> values = endorsements switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null),
            IEnumerable<object> list => list.Select(e => e?.ToString()),
            _ => [],
        };
        return values.Contains(channelId, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The app an Entra ID token was issued to: "appid" in a v1.0 token (also when "ver" is absent), "azp" in a v2.0 token.</summary>
    private static string? CallerAppId(ClaimsIdentity identity) => identity.FindFirst("ver")?.Value switch
    {
        null or "1.0" => identity.FindFirst("appid")?.Value,
        "2.0" => identity.FindFirst("azp")?.Value,
        _ => null,
    };

    private static bool ServiceUrlMatches(ClaimsIdentity identity, string? activityServiceUrl, bool required)
    {
        var claim = identity.Claims.FirstOrDefault(c => string.Equals(c.Type, ServiceUrlClaim, StringComparison.OrdinalIgnoreCase));
        if (claim is null)
        {
            return !required;
        }
        return activityServiceUrl is not null &&
            string.Equals(claim.Value.TrimEnd('/'), activityServiceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }
}
