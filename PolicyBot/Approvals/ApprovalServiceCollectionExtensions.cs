using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using PolicyBot.StaffDirectory;
using PolicyBot.Dialogs;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Directory;

using PolicyBot.Dialogs.SiteApplication;

namespace PolicyBot.Approvals;

/// <summary>Composition of the staff directory and the approval workflow.</summary>
public static class ApprovalServiceCollectionExtensions
{
    /// <summary>
    /// The staff directory: Microsoft Graph when Graph:TenantId and Graph:ClientId are set (or Graph:UseBotIdentity),
    /// else the JSON file named by Directory:Path (default samples/school-directory.json, relative to the content root).
    /// Also the Teams app installer: Graph with Teams:CatalogAppId, else none.
    /// </summary>
    public static IServiceCollection AddPolicyBotDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GraphOptions>(configuration.GetSection(GraphOptions.SectionName));
        services.Configure<DirectoryOptions>(configuration.GetSection(DirectoryOptions.SectionName));
        services.Configure<TeamsAppOptions>(configuration.GetSection(TeamsAppOptions.SectionName));

        var graph = ReadGraphOptions(configuration);
        if (graph.IsConfigured)
        {
            services.TryAddSingleton(_ => new GraphServiceClient(CreateCredential(graph, configuration), ["https://graph.microsoft.com/.default"], graph.BaseUrl));
            services.TryAddSingleton<IStaffDirectory>(sp => new GraphStaffDirectory(
                sp.GetRequiredService<GraphServiceClient>(),
                sp.GetRequiredService<IOptions<DirectoryOptions>>().Value.Headteacher ?? ""));
            services.TryAddSingleton<ITeamsAppInstaller>(sp => new GraphTeamsAppInstaller(
                sp.GetRequiredService<GraphServiceClient>(),
                sp.GetRequiredService<IOptions<TeamsAppOptions>>().Value.CatalogAppId ?? "",
                graph.BaseUrl));
        }
        else
        {
            services.TryAddSingleton<IStaffDirectory>(sp => JsonStaffDirectory.Load(ResolveDirectoryPath(
                sp.GetRequiredService<IOptions<DirectoryOptions>>().Value.Path,
                sp.GetRequiredService<IHostEnvironment>().ContentRootPath)));
            services.TryAddSingleton<ITeamsAppInstaller, NoTeamsAppInstaller>();
        }
        return services;
    }

    /// <summary>
    /// The approval workflow (section "Approvals", see <see cref="ApprovalOptions"/>): workflow, cards, invoke handler,
    /// chat commands, outbox dispatcher, reminders and the background service that runs the last two. Needs the stores
    /// (IApprovalStore, IOutbox, IConversationReferenceStore, ILeaseStore), the protocol layer (CloudAdapter,
    /// IConnectorClient) and a directory (<see cref="AddPolicyBotDirectory"/>).
    /// </summary>
    public static IServiceCollection AddPolicyBotApprovals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApprovalOptions>()
            .Bind(configuration.GetSection(ApprovalOptions.SectionName))
            .PostConfigure(options =>
            {
                options.BotId ??= configuration["MicrosoftAppId"];
                options.TenantId ??= configuration["MicrosoftAppTenantId"];
            })
            .Validate(o => o.ReminderSchoolDays > 0 && o.EscalationSchoolDays >= o.ReminderSchoolDays,
                "Approvals:ReminderSchoolDays must be positive and Approvals:EscalationSchoolDays at least as large.")
            .Validate(o => o.OutboxPollInterval > TimeSpan.Zero && o.ReminderPollInterval > TimeSpan.Zero,
                "Approvals:OutboxPollInterval and Approvals:ReminderPollInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ApprovalOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => configuration.GetSection("School").Get<PolicyBotSettings>() ?? new PolicyBotSettings());
        services.TryAddSingleton<ITeamsAppInstaller, NoTeamsAppInstaller>();

        services.TryAddSingleton<ApprovalCardBuilder>();
        services.TryAddSingleton<ApprovalNotices>();
        services.TryAddSingleton<ApprovalWorkflow>();
        services.TryAddSingleton<ApprovalInvokeHandler>();
        services.TryAddSingleton<ApprovalCommands>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddSingleton<ApprovalReminders>();
        services.TryAddSingleton<IApplicationSubmitted, StartApprovalWhenSubmitted>();
        services.AddHostedService<ApprovalBackgroundService>();
        return services;
    }

    private static GraphOptions ReadGraphOptions(IConfiguration configuration)
    {
        var graph = configuration.GetSection(GraphOptions.SectionName).Get<GraphOptions>() ?? new GraphOptions();
        if (graph.UseBotIdentity && !graph.IsConfigured)
        {
            graph.ClientId = configuration["MicrosoftAppId"];
            graph.ClientSecret = configuration["MicrosoftAppPassword"];
            graph.TenantId = configuration["MicrosoftAppTenantId"];
        }
        return graph;
    }

    private static TokenCredential CreateCredential(GraphOptions graph, IConfiguration configuration)
    {
        var authorityHost = new Uri(configuration["AuthorityHost"] ?? "https://login.microsoftonline.com");
        if (graph.UseManagedIdentity)
        {
            return string.IsNullOrWhiteSpace(graph.ClientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(graph.ClientId));
        }
        if (string.IsNullOrWhiteSpace(graph.ClientSecret))
        {
            throw new InvalidOperationException("Graph:ClientId is set but Graph:ClientSecret is not: add the secret, or set Graph:UseManagedIdentity.");
        }
        return new ClientSecretCredential(graph.TenantId, graph.ClientId, graph.ClientSecret, new ClientSecretCredentialOptions { AuthorityHost = authorityHost });
    }

    /// <summary>A relative Directory:Path is looked up under the content root, then beside the application.</summary>
    internal static string ResolveDirectoryPath(string path, string contentRoot)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }
        string[] candidates = [Path.Combine(contentRoot, path), Path.Combine(AppContext.BaseDirectory, path), Path.Combine(contentRoot, "..", path)];
        return candidates.FirstOrDefault(File.Exists) ?? candidates[0];
    }
}
