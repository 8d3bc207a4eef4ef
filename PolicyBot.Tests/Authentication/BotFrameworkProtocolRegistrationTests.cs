using PolicyBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using PolicyBot.BotFramework;
using PolicyBot.BotFramework.Authentication;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Connector;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.Tests.Authentication;

/// <summary>AddBotFrameworkProtocol's registrations, and the resilience of the Connector client it registers, against a loopback stand-in Connector.</summary>
public sealed class BotFrameworkProtocolRegistrationTests
{
    private static readonly Activity Reply = new() { Type = "message", Text = "Your request was approved." };

    [Fact]
    public void BindsTheIdentityFromRootKeysAndTheBotFrameworkSection()
    {
        using var services = BuildServices(new()
        {
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppId"] = "5f2b3c1e-1111-4a4a-9b9b-0123456789ab",
            ["MicrosoftAppPassword"] = "secret",
            ["MicrosoftAppTenantId"] = "8a7d6c5b-2222-4b4b-8c8c-ba9876543210",
            ["BotFramework:OpenIdMetadataUrl"] = "https://metadata.test/openid",
            ["BotFramework:TrustedServiceUrlPrefixes:0"] = "https://smba.infra.gcc.teams.microsoft.com/",
        });

        var identity = services.GetRequiredService<IOptions<BotIdentityOptions>>().Value;

        Assert.Equal("SingleTenant", identity.MicrosoftAppType);
        Assert.Equal("8a7d6c5b-2222-4b4b-8c8c-ba9876543210", identity.MicrosoftAppTenantId);
        Assert.Equal("https://metadata.test/openid", identity.OpenIdMetadataUrl);
        Assert.Equal("https://login.microsoftonline.com", identity.AuthorityHost);
        Assert.Equal(["https://smba.infra.gcc.teams.microsoft.com/"], identity.TrustedServiceUrlPrefixes);
        Assert.True(services.GetRequiredService<IRequestAuthenticator>().IsEnabled);
        Assert.True(services.GetRequiredService<IBotTokenProvider>().IsEnabled);
        Assert.True(services.GetRequiredService<TrustedServiceUrls>().IsTrusted("https://smba.infra.gcc.teams.microsoft.com/amer/"));
        Assert.False(services.GetRequiredService<TrustedServiceUrls>().IsTrusted("https://smba.trafficmanager.net/amer/"));
        Assert.NotNull(services.GetRequiredService<CloudAdapter>());
    }

    [Fact]
    public void LocalModeTrustsTeamsConnectorByDefaultAndNeedsNoTokens()
    {
        using var services = BuildServices([]);

        Assert.False(services.GetRequiredService<IRequestAuthenticator>().IsEnabled);
        Assert.False(services.GetRequiredService<IBotTokenProvider>().IsEnabled);
        Assert.True(services.GetRequiredService<TrustedServiceUrls>().IsTrusted("https://smba.trafficmanager.net/emea/"));
    }

    [Fact]
    public void RefusesAHalfConfiguredIdentity()
    {
        using var services = BuildServices(new() { ["MicrosoftAppPassword"] = "secret" });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BotIdentityOptions>>().Value);
        Assert.Contains("MicrosoftAppId is not", failure.Message);
    }

    [Fact]
    public async Task RetriesThrottlingAndGatewayErrorsUntilTheConnectorAnswers()
    {
        var answers = new Queue<Func<HttpResponse, Task>>(
        [
            response => { response.StatusCode = 429; response.Headers.RetryAfter = "1"; return Task.CompletedTask; },
            response => { response.StatusCode = 503; return Task.CompletedTask; },
            response => response.WriteAsJsonAsync(new { id = "activity-7" }),
        ]);
        await using var connector = await LoopbackServer.StartAsync(context => answers.Dequeue()(context.Response));
        using var services = BuildServices([]);

        var response = await services.GetRequiredService<IConnectorClient>().SendToConversationAsync(connector.BaseUrl, "conversation-1", Reply);

        Assert.Equal("activity-7", response.Id);
        Assert.Equal(3, connector.RequestCount);
    }

    [Fact]
    public async Task DoesNotRetryABadRequest()
    {
        await using var connector = await LoopbackServer.StartAsync(context => { context.Response.StatusCode = 400; return Task.CompletedTask; });
        using var services = BuildServices([]);

        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            services.GetRequiredService<IConnectorClient>().SendToConversationAsync(connector.BaseUrl, "conversation-1", Reply));

        Assert.Equal(400, failure.StatusCode);
        Assert.Equal(1, connector.RequestCount);
    }

    [Fact]
    public async Task SendsNothingToAServiceUrlNeverTrustedWhenTokensAreUsed()
    {
        await using var connector = await LoopbackServer.StartAsync(context => context.Response.WriteAsJsonAsync(new { id = "activity-1" }));
        using var http = new HttpClient();
        var client = new ConnectorClient(http, new FixedTokenProvider(), new TrustedServiceUrls(["https://smba.trafficmanager.net/"]));

        var failure = await Assert.ThrowsAsync<ConnectorException>(() => client.SendToConversationAsync(connector.BaseUrl, "conversation-1", Reply));

        Assert.Equal(0, failure.StatusCode);
        Assert.Equal(0, connector.RequestCount);
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(408, false)]
    [InlineData(500, false)]
    [InlineData(200, false)]
    public void RetriesOnlyThrottlingAndGatewayErrors(int statusCode, bool retried)
    {
        using var response = new HttpResponseMessage((System.Net.HttpStatusCode)statusCode);

        Assert.Equal(retried, ConnectorResilience.IsTransient(Outcome.FromResult(response)));
    }

    [Fact]
    public void RetriesNetworkErrorsAndTimeouts()
    {
        Assert.True(ConnectorResilience.IsTransient(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("connection refused"))));
        Assert.True(ConnectorResilience.IsTransient(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
    }

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddBotFrameworkProtocol(configuration).BuildServiceProvider();
    }

    private sealed class FixedTokenProvider : IBotTokenProvider
    {
        public bool IsEnabled => true;
        public Task<string> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult("fake-connector-token");
    }
}
