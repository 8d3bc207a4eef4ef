using PolicyBot.Tests.Infrastructure;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PolicyBot.Tests.Authentication;

/// <summary>An RSA signing key as the Bot Framework publishes it: a kid and the channels it endorses.</summary>
internal sealed record TestSigningKey(string Kid, RSA Rsa, string[] Endorsements)
{
    public static TestSigningKey Create(string kid, params string[] endorsements) => new(kid, RSA.Create(2048), endorsements);
}

/// <summary>What a test token says; every default is what a valid Bot Connector token for <see cref="TestIdentityProvider.AppId"/> says.</summary>
public sealed record TestTokenClaims
{
    public string Issuer { get; init; } = "https://api.botframework.com";
    public string Audience { get; init; } = TestIdentityProvider.AppId;
    public DateTime NotBefore { get; init; } = DateTime.UtcNow.AddMinutes(-1);
    public DateTime? Expires { get; init; } = DateTime.UtcNow.AddHours(1);
    public string? ServiceUrl { get; init; } = TestIdentityProvider.ServiceUrl;

    /// <summary>Entra ID's "ver" claim: "1.0" names the app the token was issued to in "appid", "2.0" in "azp".</summary>
    public string? TokenVersion { get; init; }

    /// <summary>The app the token was issued to (appid or azp, by <see cref="TokenVersion"/>); none when null.</summary>
    public string? IssuedToAppId { get; init; }

    internal Dictionary<string, object>? ExtraClaims()
    {
        var extra = new Dictionary<string, object>();
        if (ServiceUrl is not null) extra["serviceurl"] = ServiceUrl;
        if (TokenVersion is not null) extra["ver"] = TokenVersion;
        if (IssuedToAppId is not null) extra[TokenVersion == "2.0" ? "azp" : "appid"] = IssuedToAppId;
        return extra.Count == 0 ? null : extra;
    }
}

/// <summary>
/// A local stand-in for login.botframework.com and Entra ID: OpenID metadata and a JWKS endpoint on a loopback server,
/// with keys the test can rotate, and a minter of tokens signed by them.
/// </summary>
internal sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string AppId = "5f2b3c1e-1111-4a4a-9b9b-0123456789ab";
    public const string TenantId = "8a7d6c5b-2222-4b4b-8c8c-ba9876543210";
    public const string ServiceUrl = "https://smba.trafficmanager.net/emea/";

    private readonly LoopbackServer _server;
    private volatile TestSigningKey[] _keys = [];
    private int _keySetRequests;

    private TestIdentityProvider(LoopbackServer server) => _server = server;

    public string BotFrameworkMetadataUrl => _server.BaseUrl + "v1/.well-known/openidconfiguration";

    /// <summary>Stands in for https://login.microsoftonline.com: tenant metadata is at {AuthorityHost}/{tenant}/v2.0/.well-known/openid-configuration.</summary>
    public string AuthorityHost => _server.BaseUrl.TrimEnd('/');

    /// <summary>How often the JWKS was downloaded.</summary>
    public int KeySetRequests => Volatile.Read(ref _keySetRequests);

    public static async Task<TestIdentityProvider> StartAsync(params TestSigningKey[] keys)
    {
        TestIdentityProvider? provider = null;
        var server = await LoopbackServer.StartAsync(context => provider!.AnswerAsync(context));
        provider = new TestIdentityProvider(server) { _keys = keys };
        return provider;
    }

    /// <summary>Publishes a new key set, as a key rotation does.</summary>
    public void PublishKeys(params TestSigningKey[] keys) => _keys = keys;

    public static string CreateToken(TestSigningKey key, TestTokenClaims claims) =>
        CreateToken(new SigningCredentials(new RsaSecurityKey(key.Rsa) { KeyId = key.Kid }, SecurityAlgorithms.RsaSha256), claims);

    public static string CreateToken(SigningCredentials signingCredentials, TestTokenClaims claims)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = claims.Issuer,
            Audience = claims.Audience,
            NotBefore = claims.NotBefore,
            IssuedAt = claims.NotBefore,
            Expires = claims.Expires,
            SigningCredentials = signingCredentials,
            Claims = claims.ExtraClaims(),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>A token with "alg": "none" and no signature, naming a published key.</summary>
    public static string CreateUnsignedToken(string kid, TestTokenClaims claims)
    {
        var header = JsonSerializer.Serialize(new { alg = "none", typ = "JWT", kid });
        var payload = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["iss"] = claims.Issuer,
            ["aud"] = claims.Audience,
            ["nbf"] = new DateTimeOffset(claims.NotBefore).ToUnixTimeSeconds(),
            ["exp"] = claims.Expires is { } expires ? new DateTimeOffset(expires).ToUnixTimeSeconds() : null,
            ["serviceurl"] = claims.ServiceUrl,
        });
        return $"{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header))}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.";
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path == "/keys")
        {
            Interlocked.Increment(ref _keySetRequests);
            return context.Response.WriteAsJsonAsync(new { keys = _keys.Select(JsonWebKeyOf) });
        }
        if (path == "/v1/.well-known/openidconfiguration")
        {
            return WriteMetadataAsync(context, "https://api.botframework.com");
        }
        if (path == $"/{TenantId}/v2.0/.well-known/openid-configuration")
        {
            return WriteMetadataAsync(context, $"https://login.microsoftonline.com/{TenantId}/v2.0");
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private Task WriteMetadataAsync(HttpContext context, string issuer) => context.Response.WriteAsJsonAsync(new Dictionary<string, object>
    {
        ["issuer"] = issuer,
        ["jwks_uri"] = _server.BaseUrl + "keys",
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
    });

    private static Dictionary<string, object> JsonWebKeyOf(TestSigningKey key)
    {
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.Kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["endorsements"] = key.Endorsements,
        };
    }
}
