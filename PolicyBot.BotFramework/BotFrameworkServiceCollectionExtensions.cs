using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.BotFramework.Authentication;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Connector;

namespace PolicyBot.BotFramework;

/// <summary>Wires the Bot Framework protocol: identity options, inbound authentication, Connector tokens and client, and the adapter.</summary>
public static class BotFrameworkServiceCollectionExtensions
{
    public const string OverridesSection = "BotFramework";
    public const string MetadataHttpClientName = "BotFramework.OpenIdMetadata";

    // The singletons below keep their HttpClient for the life of the process, so connections are recycled by the
    // SocketsHttpHandler (DNS changes are picked up) instead of by the factory's handler rotation.
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Binds <see cref="BotIdentityOptions"/> from the configuration root's MicrosoftApp* keys and the optional "BotFramework"
    /// section (OpenIdMetadataUrl, AuthorityHost, TrustedServiceUrlPrefixes), validated at start; registers
    /// <see cref="IRequestAuthenticator"/>, <see cref="IBotTokenProvider"/>, <see cref="TrustedServiceUrls"/>, the typed
    /// HttpClient <see cref="IConnectorClient"/> with its resilience pipeline, and <see cref="CloudAdapter"/>.
    /// Middleware and storage are the host's to register.
    /// </summary>
    public static IServiceCollection AddBotFrameworkProtocol(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotIdentityOptions>()
            .Configure(options => ReadBotIdentity(configuration, options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotIdentityOptions>, BotIdentityOptionsValidator>());

        services.AddHttpClient(MetadataHttpClientName)
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = PooledConnectionLifetime)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<IRequestAuthenticator>(provider => new BotFrameworkAuthenticator(
            BotIdentity(provider),
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(MetadataHttpClientName),
            provider.GetRequiredService<ILogger<BotFrameworkAuthenticator>>()));
        services.TryAddSingleton<IBotTokenProvider>(provider =>
            new AzureIdentityBotTokenProvider(BotIdentity(provider), timeProvider: provider.GetService<TimeProvider>()));
        services.TryAddSingleton(provider => new TrustedServiceUrls(BotIdentity(provider).TrustedServiceUrlPrefixes));

        services.AddHttpClient<IConnectorClient, ConnectorClient>()
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = PooledConnectionLifetime)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("connector", ConnectorResilience.Configure);
        services.TryAddSingleton<CloudAdapter>();
        return services;
    }

    internal static void ReadBotIdentity(IConfiguration configuration, BotIdentityOptions options)
    {
        options.MicrosoftAppType = configuration[nameof(BotIdentityOptions.MicrosoftAppType)];
        options.MicrosoftAppId = configuration[nameof(BotIdentityOptions.MicrosoftAppId)];
        options.MicrosoftAppPassword = configuration[nameof(BotIdentityOptions.MicrosoftAppPassword)];
        options.MicrosoftAppTenantId = configuration[nameof(BotIdentityOptions.MicrosoftAppTenantId)];
        options.MicrosoftAppCertificatePath = configuration[nameof(BotIdentityOptions.MicrosoftAppCertificatePath)];

        var overrides = configuration.GetSection(OverridesSection);
        if (overrides[nameof(BotIdentityOptions.OpenIdMetadataUrl)] is { Length: > 0 } metadataUrl)
        {
            options.OpenIdMetadataUrl = metadataUrl;
        }
        if (overrides[nameof(BotIdentityOptions.AuthorityHost)] is { Length: > 0 } authorityHost)
        {
            options.AuthorityHost = authorityHost;
        }
        var prefixes = overrides.GetSection(nameof(BotIdentityOptions.TrustedServiceUrlPrefixes)).GetChildren()
            .Select(prefix => prefix.Value).OfType<string>().Where(prefix => prefix.Length > 0).ToArray();
        if (prefixes.Length > 0)
        {
            options.TrustedServiceUrlPrefixes = prefixes;
        }
    }

    private static BotIdentityOptions BotIdentity(IServiceProvider provider) => provider.GetRequiredService<IOptions<BotIdentityOptions>>().Value;

    private sealed class BotIdentityOptionsValidator : IValidateOptions<BotIdentityOptions>
    {
        public ValidateOptionsResult Validate(string? name, BotIdentityOptions options) =>
            options.Validate() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
