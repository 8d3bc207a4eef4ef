using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;
using PolicyBot.BotFramework.Authentication;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.Tests.Authentication;

public sealed class BotFrameworkAuthenticatorTests : IAsyncLifetime
{
    // RSA keys are slow to make, so the tests share two: the published one and one the Bot Framework never published.
    private static readonly TestSigningKey PublishedKey = TestSigningKey.Create("key-1", "msteams", "emulator");
    private static readonly TestSigningKey OtherKey = TestSigningKey.Create("key-other", "msteams");

    private readonly TestSigningKey _teamsKey = PublishedKey;
    private readonly HttpClient _metadataHttp = new();
    private TestIdentityProvider _identityProvider = null!;

    public async Task InitializeAsync() => _identityProvider = await TestIdentityProvider.StartAsync(_teamsKey);

    public async Task DisposeAsync()
    {
        _metadataHttp.Dispose();
        await _identityProvider.DisposeAsync();
    }

    [Fact]
    public async Task AcceptsValidBotConnectorToken()
    {
        var outcome = await Authenticate(Bearer(TestIdentityProvider.CreateToken(_teamsKey, new TestTokenClaims())));

        Assert.Equal(200, outcome.StatusCode);
        Assert.Equal("https://api.botframework.com", outcome.Identity?.FindFirst("iss")?.Value);
    }

    [Fact]
    public async Task AcceptsServiceUrlThatDiffersOnlyInCaseAndTrailingSlash()
    {
        var token = TestIdentityProvider.CreateToken(_teamsKey, new TestTokenClaims { ServiceUrl = "https://SMBA.trafficmanager.net/emea" });

        Assert.Equal(200, (await Authenticate(Bearer(token))).StatusCode);
    }

    public static TheoryData<string, TestTokenClaims> InvalidClaims => new()
    {
        { "wrong issuer", new TestTokenClaims { Issuer = "https://api.botframework.evil" } },
        { "wrong audience", new TestTokenClaims { Audience = "another-bot" } },
        { "expired beyond the clock skew", new TestTokenClaims { NotBefore = DateTime.UtcNow.AddHours(-2), Expires = DateTime.UtcNow.AddMinutes(-6) } },
        { "not valid yet beyond the clock skew", new TestTokenClaims { NotBefore = DateTime.UtcNow.AddMinutes(6), Expires = DateTime.UtcNow.AddHours(1) } },
        { "no expiry", new TestTokenClaims { Expires = null } },
        { "serviceurl of another Connector", new TestTokenClaims { ServiceUrl = "https://attacker.example/" } },
        { "no serviceurl", new TestTokenClaims { ServiceUrl = null } },
    };

    [Theory]
    [MemberData(nameof(InvalidClaims))]
    public async Task RejectsTokenWithInvalidClaimsAs401(string because, TestTokenClaims claims)
    {
        var outcome = await Authenticate(Bearer(TestIdentityProvider.CreateToken(_teamsKey, claims)));

        Assert.True(outcome.StatusCode == 401, $"{because}: {outcome.StatusCode} {outcome.Failure}");
    }

    [Fact]
    public async Task WhenTheIssuersKeysCannotBeRead_TheRequestIsRefusedAs503_NotAsABadToken()
    {
        // A loopback port nothing listens on: the metadata request is refused.
        var unreachable = CreateAuthenticator(metadataUrl: $"http://127.0.0.1:{Storage.AzuriteProcess.FreeLoopbackPort()}/v1/.well-known/openidconfiguration");

        var outcome = await Authenticate(unreachable, Bearer(TestIdentityProvider.CreateToken(_teamsKey, new TestTokenClaims())));

        Assert.Equal(503, outcome.StatusCode);
        Assert.Equal("The issuer's signing keys could not be read.", outcome.Failure);
    }

    [Fact]
    public async Task AcceptsTokenExpiredWithinTheClockSkew()
    {
        var claims = new TestTokenClaims { NotBefore = DateTime.UtcNow.AddHours(-1), Expires = DateTime.UtcNow.AddMinutes(-3) };

        Assert.Equal(200, (await Authenticate(Bearer(TestIdentityProvider.CreateToken(_teamsKey, claims)))).StatusCode);
    }

    [Fact]
    public async Task RejectsTokenSignedByAnotherKeyUnderAPublishedKid()
    {
        var forger = OtherKey with { Kid = _teamsKey.Kid };

        var outcome = await Authenticate(Bearer(TestIdentityProvider.CreateToken(forger, new TestTokenClaims())));

        Assert.Equal(401, outcome.StatusCode);
        Assert.StartsWith("The token is not valid", outcome.Failure);
    }

    [Fact]
    public async Task RejectsUnsignedTokenWithAlgNone()
    {
        var outcome = await Authenticate(Bearer(TestIdentityProvider.CreateUnsignedToken(_teamsKey.Kid, new TestTokenClaims())));

        Assert.Equal(401, outcome.StatusCode);
        Assert.StartsWith("The token is not valid", outcome.Failure);
    }

    [Fact]
    public async Task RejectsHs256TokenKeyedWithThePublicKey()
    {
        var publicKeyAsSecret = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_teamsKey.Rsa.ExportSubjectPublicKeyInfoPem())) { KeyId = _teamsKey.Kid };
        var token = TestIdentityProvider.CreateToken(new SigningCredentials(publicKeyAsSecret, SecurityAlgorithms.HmacSha256), new TestTokenClaims());

        var outcome = await Authenticate(Bearer(token));

        Assert.Equal(401, outcome.StatusCode);
        Assert.StartsWith("The token is not valid", outcome.Failure);
    }

    [Fact]
    public async Task RefreshesKeysOnceForAnUnknownKidAndRejectsWhenStillUnknown()
    {
        var authenticator = CreateAuthenticator();
        await Authenticate(authenticator, Bearer(TestIdentityProvider.CreateToken(_teamsKey, new TestTokenClaims())));
        var unpublished = OtherKey with { Kid = "key-never-published" };

        var outcome = await Authenticate(authenticator, Bearer(TestIdentityProvider.CreateToken(unpublished, new TestTokenClaims())));

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal(2, _identityProvider.KeySetRequests);
    }

    [Fact]
    public async Task RefreshesUnknownKidsAtMostOnceWithinTheRefreshInterval()
    {
        var authenticator = CreateAuthenticator();
        await Authenticate(authenticator, Bearer(TestIdentityProvider.CreateToken(_teamsKey, new TestTokenClaims())));

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var unpublished = OtherKey with { Kid = $"forged-{attempt}" };
            await Authenticate(authenticator, Bearer(TestIdentityProvider.CreateToken(unpublished, new TestTokenClaims())));
        }

        Assert.Equal(2, _identityProvider.KeySetRequests);
    }

    [Fact]
    public async Task AcceptsTokenSignedWithARotatedKeyAfterRefreshingTheKeys()
    {
        var authenticator = CreateAuthenticator();
        Assert.Equal(200, (await Authenticate(authenticator, Bearer(TestIdentityProvider.CreateToken(_teamsKey, new TestTokenClaims())))).StatusCode);
        var rotatedKey = OtherKey with { Kid = "key-2" };
        _identityProvider.PublishKeys(rotatedKey);

        var outcome = await Authenticate(authenticator, Bearer(TestIdentityProvider.CreateToken(rotatedKey, new TestTokenClaims())));

        Assert.Equal(200, outcome.StatusCode);
    }

    [Fact]
    public async Task ForbidsTokenWhoseKeyDoesNotEndorseTheChannel()
    {
        var outcome = await Authenticate(Bearer(TestIdentityProvider.CreateToken(_teamsKey, new TestTokenClaims())), channelId: "webchat");

        Assert.Equal(403, outcome.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task RejectsMissingOrMalformedAuthorizationHeaderAs401(string? header)
    {
        Assert.Equal(401, (await Authenticate(header)).StatusCode);
    }

    [Fact]
    public async Task RejectsNonBearerSchemeCarryingAValidToken()
    {
        var outcome = await Authenticate("Token " + TestIdentityProvider.CreateToken(_teamsKey, new TestTokenClaims()));

        Assert.Equal(401, outcome.StatusCode);
    }

    [Theory]
    [InlineData("https://sts.windows.net/" + TestIdentityProvider.TenantId + "/", "1.0")]
    [InlineData("https://sts.windows.net/" + TestIdentityProvider.TenantId + "/", null)]
    [InlineData("{authority}/" + TestIdentityProvider.TenantId + "/v2.0", "2.0")]
    public async Task SingleTenantBotAcceptsEntraTokenFromItsTenantIssuedToItself(string issuer, string? version)
    {
        foreach (var appId in new[] { TestIdentityProvider.AppId, TestIdentityProvider.AppId.ToUpperInvariant() })
        {
            var claims = OwnTenantClaims(issuer, version, issuedTo: appId);

            var outcome = await Authenticate(CreateAuthenticator(singleTenant: true), Bearer(TestIdentityProvider.CreateToken(_teamsKey, claims)));

            Assert.Equal(200, outcome.StatusCode);
        }
    }

    // Any app in the tenant can ask Entra ID for a token whose audience is our app id; only the bot itself may post activities.
    [Theory]
    [InlineData("https://sts.windows.net/" + TestIdentityProvider.TenantId + "/", "1.0", "0c0c0c0c-4444-4d4d-9e9e-0c0c0c0c0c0c")]
    [InlineData("{authority}/" + TestIdentityProvider.TenantId + "/v2.0", "2.0", "0c0c0c0c-4444-4d4d-9e9e-0c0c0c0c0c0c")]
    [InlineData("{authority}/" + TestIdentityProvider.TenantId + "/v2.0", "2.0", null)]
    [InlineData("{authority}/" + TestIdentityProvider.TenantId + "/v2.0", "3.0", TestIdentityProvider.AppId)]
    public async Task SingleTenantBotRejectsEntraTokenIssuedToAnotherApp(string issuer, string version, string? issuedTo)
    {
        var claims = OwnTenantClaims(issuer, version, issuedTo);

        var outcome = await Authenticate(CreateAuthenticator(singleTenant: true), Bearer(TestIdentityProvider.CreateToken(_teamsKey, claims)));

        Assert.Equal(401, outcome.StatusCode);
    }

    [Fact]
    public async Task MultiTenantBotRejectsEntraToken()
    {
        var claims = new TestTokenClaims { Issuer = $"https://sts.windows.net/{TestIdentityProvider.TenantId}/" };

        var outcome = await Authenticate(Bearer(TestIdentityProvider.CreateToken(_teamsKey, claims)));

        Assert.Equal(401, outcome.StatusCode);
    }

    [Fact]
    public async Task SingleTenantBotRejectsEntraTokenFromAnotherTenant()
    {
        var claims = new TestTokenClaims { Issuer = "https://sts.windows.net/00000000-3333-4c4c-8d8d-000000000000/" };

        var outcome = await Authenticate(CreateAuthenticator(singleTenant: true), Bearer(TestIdentityProvider.CreateToken(_teamsKey, claims)));

        Assert.Equal(401, outcome.StatusCode);
    }

    [Fact]
    public async Task LocalModeLetsEveryRequestThroughWithoutIdentity()
    {
        var authenticator = new BotFrameworkAuthenticator(new BotIdentityOptions(), _metadataHttp, NullLogger<BotFrameworkAuthenticator>.Instance);

        var outcome = await Authenticate(authenticator, header: null);

        Assert.False(authenticator.IsEnabled);
        Assert.Equal(200, outcome.StatusCode);
        Assert.Null(outcome.Identity);
        Assert.Equal(0, _identityProvider.KeySetRequests);
    }

    private TestTokenClaims OwnTenantClaims(string issuer, string? version, string? issuedTo) => new()
    {
        Issuer = issuer.Replace("{authority}", _identityProvider.AuthorityHost),
        ServiceUrl = null,
        TokenVersion = version,
        IssuedToAppId = issuedTo,
    };

    private BotFrameworkAuthenticator CreateAuthenticator(bool singleTenant = false, string? metadataUrl = null) => new(
        new BotIdentityOptions
        {
            MicrosoftAppType = singleTenant ? BotIdentityOptions.SingleTenant : BotIdentityOptions.MultiTenant,
            MicrosoftAppId = TestIdentityProvider.AppId,
            MicrosoftAppPassword = "not-used-inbound",
            MicrosoftAppTenantId = singleTenant ? TestIdentityProvider.TenantId : null,
            OpenIdMetadataUrl = metadataUrl ?? _identityProvider.BotFrameworkMetadataUrl,
            AuthorityHost = _identityProvider.AuthorityHost,
        },
        _metadataHttp,
        NullLogger<BotFrameworkAuthenticator>.Instance);

    private Task<AuthenticationOutcome> Authenticate(string? header, string channelId = "msteams") =>
        Authenticate(CreateAuthenticator(), header, channelId);

    private static Task<AuthenticationOutcome> Authenticate(IRequestAuthenticator authenticator, string? header, string channelId = "msteams") =>
        authenticator.AuthenticateAsync(header, new Activity { Type = "message", ChannelId = channelId, ServiceUrl = TestIdentityProvider.ServiceUrl }, CancellationToken.None);

    private static string Bearer(string token) => "Bearer " + token;
}
