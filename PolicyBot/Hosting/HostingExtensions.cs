using Azure.Monitor.OpenTelemetry.AspNetCore;
using PolicyBot.BotFramework;
using PolicyBot.BotFramework.Authentication;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs;
using PolicyBot.Dialogs.Policy;
using PolicyBot.Approvals;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Storage;
using IMiddleware = PolicyBot.BotFramework.Builder.IMiddleware;

namespace PolicyBot.Hosting;

/// <summary>The configuration is unusable; the message is one sentence saying what to fix.</summary>
public sealed class BotConfigurationException(string message) : Exception(message);

public static class HostingExtensions
{
    /// <summary>The port the Bot Framework tools (Emulator, Agents Playground) expect a local bot on.</summary>
    public const string LocalModeUrl = "http://127.0.0.1:3978";

    /// <summary>
    /// Checks the bot's identity and, in local mode (no MicrosoftAppId), makes the host listen on loopback only
    /// unless an address was given explicitly (ASPNETCORE_URLS or --urls).
    /// </summary>
    public static void AddPolicyBotHosting(this WebApplicationBuilder builder)
    {
        var identity = builder.Configuration.Get<BotIdentityOptions>() ?? new BotIdentityOptions();
        if (identity.Validate() is { } problem)
        {
            throw new BotConfigurationException(problem);
        }
        if (identity.IsLocalMode && string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(LocalModeUrl);
        }
        builder.Services.AddProblemDetails();

        // Traces, metrics and logs go to Azure Monitor only when a connection string is configured; the log
        // messages carry no message text, form answers or tokens.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            builder.Services.AddOpenTelemetry().UseAzureMonitor();
        }
    }

    /// <summary>Composes the bot: protocol layer, stores, the turn pipeline and the conversation logic.</summary>
    public static IServiceCollection AddPolicyBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddBotFrameworkProtocol(configuration);
        services.AddPolicyBotStorage(configuration);
        services.AddPolicyBotDirectory(configuration);
        services.AddPolicyBotApprovals(configuration);
        services.AddSingleton(sp => CreatePolicyAnswerer(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<IPolicyQuestionAnswerer, PolicyQuestionAnswerer>();
        services.AddPolicyBotDialogs();
        // The pipeline, in order: foreign tenants refused, redeliveries dropped, one turn at a time per conversation,
        // typing shown, state loaded and saved.
        services.AddSingleton<IMiddleware>(sp => new TenantAllowListMiddleware(
            sp.GetRequiredService<IConfiguration>().GetSection("Bot:AllowedTenantIds").Get<string[]>() ?? []));
        services.AddSingleton<IMiddleware>(sp => new DeduplicationMiddleware(sp.GetRequiredService<IProcessedActivityStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMiddleware>(_ => new ConversationLockMiddleware());
        services.AddSingleton<IMiddleware>(_ => new ShowTypingMiddleware(TimeSpan.FromSeconds(1)));
        services.AddSingleton<IMiddleware>(sp => new AutoSaveStateMiddleware(sp.GetRequiredService<ConversationState>()));
        services.AddSingleton<TurnErrorHandler>();
        services.AddHostedService<ProcessedActivityPurgeService>();
        return services;
    }

    /// <summary>
    /// Loads the policy pack named by Policy:PackPath (relative to the content root), or the pack shipped with the bot,
    /// and builds its search indexes. A pack that does not validate stops the host with the pack's own error.
    /// </summary>
    private static PolicyAnswerer CreatePolicyAnswerer(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Policy:PackPath"];
        var path = string.IsNullOrWhiteSpace(configured) ? null : Path.GetFullPath(configured, environment.ContentRootPath);
        try
        {
            return PolicyAnswerer.Create(path);
        }
        catch (PolicyPackException ex)
        {
            throw new BotConfigurationException($"The policy pack cannot be used: {ex.Message}");
        }
    }

    /// <summary>Loads what the first turn would otherwise wait for (the policy pack and its model), before traffic arrives.</summary>
    public static void WarmUp(this WebApplication app) => app.Services.GetRequiredService<PolicyAnswerer>();

    /// <summary>Says which mode the bot runs in (the store logs which store it is); never prints a secret.</summary>
    public static void LogStartup(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PolicyBot");
        var adapter = app.Services.GetRequiredService<CloudAdapter>();
        adapter.OnTurnError = app.Services.GetRequiredService<TurnErrorHandler>().HandleAsync;

        var identity = app.Configuration.Get<BotIdentityOptions>() ?? new BotIdentityOptions();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            if (identity.IsLocalMode)
            {
                Log.LocalMode(logger, urls);
            }
            else
            {
                Log.AuthenticatedMode(logger, identity.MicrosoftAppType ?? BotIdentityOptions.MultiTenant, urls);
            }
        });
    }
}
