using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Time.Testing;
using PolicyBot.BotFramework.Authentication;

namespace PolicyBot.Tests.Authentication;

public sealed class AzureIdentityBotTokenProviderTests
{
    private static readonly BotIdentityOptions MultiTenantBot = new()
    {
        MicrosoftAppType = BotIdentityOptions.MultiTenant,
        MicrosoftAppId = "5f2b3c1e-1111-4a4a-9b9b-0123456789ab",
        MicrosoftAppPassword = "secret",
    };

    [Fact]
    public async Task AsksTheCredentialOnceForTwoTokensWithinTheirLifetime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credential = new CountingCredential(time, lifetime: TimeSpan.FromHours(1));
        using var provider = new AzureIdentityBotTokenProvider(MultiTenantBot, credential, time);

        var first = await provider.GetTokenAsync(CancellationToken.None);
        var second = await provider.GetTokenAsync(CancellationToken.None);

        Assert.Equal(1, credential.Calls);
        Assert.Equal(first, second);
        Assert.Equal(["https://api.botframework.com/.default"], credential.LastScopes);
    }

    [Fact]
    public async Task RenewsTheToken5MinutesBeforeItExpires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credential = new CountingCredential(time, lifetime: TimeSpan.FromHours(1));
        using var provider = new AzureIdentityBotTokenProvider(MultiTenantBot, credential, time);
        await provider.GetTokenAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(54));
        await provider.GetTokenAsync(CancellationToken.None);
        Assert.Equal(1, credential.Calls);

        time.Advance(TimeSpan.FromMinutes(1));
        await provider.GetTokenAsync(CancellationToken.None);
        Assert.Equal(2, credential.Calls);
    }

    [Fact]
    public async Task ConcurrentCallersShareOneRenewal()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var credential = new CountingCredential(time, lifetime: TimeSpan.FromHours(1));
        using var provider = new AzureIdentityBotTokenProvider(MultiTenantBot, credential, time);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => provider.GetTokenAsync(CancellationToken.None))));

        Assert.Equal(1, credential.Calls);
    }

    [Fact]
    public async Task LocalModeIsDisabledAndHasNoToken()
    {
        using var provider = new AzureIdentityBotTokenProvider(new BotIdentityOptions());

        Assert.False(provider.IsEnabled);
        await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetTokenAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(BotIdentityOptions.SingleTenant, "secret", null, typeof(ClientSecretCredential))]
    [InlineData(BotIdentityOptions.MultiTenant, "secret", null, typeof(ClientSecretCredential))]
    [InlineData(null, "secret", null, typeof(ClientSecretCredential))]
    [InlineData(BotIdentityOptions.SingleTenant, null, "/certs/bot.pfx", typeof(ClientCertificateCredential))]
    [InlineData(BotIdentityOptions.UserAssignedMsi, null, null, typeof(ManagedIdentityCredential))]
    public void ChoosesTheCredentialByAppType(string? appType, string? password, string? certificatePath, Type expected)
    {
        var options = new BotIdentityOptions
        {
            MicrosoftAppType = appType,
            MicrosoftAppId = "5f2b3c1e-1111-4a4a-9b9b-0123456789ab",
            MicrosoftAppPassword = password,
            MicrosoftAppCertificatePath = certificatePath,
            MicrosoftAppTenantId = "8a7d6c5b-2222-4b4b-8c8c-ba9876543210",
        };

        Assert.IsType(expected, AzureIdentityBotTokenProvider.CreateCredential(options));
    }

    private sealed class CountingCredential(TimeProvider time, TimeSpan lifetime) : TokenCredential
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);
        public string[] LastScopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            LastScopes = requestContext.Scopes;
            await Task.Yield();
            return new AccessToken($"token-{call}", time.GetUtcNow() + lifetime);
        }
    }
}
