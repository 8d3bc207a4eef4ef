using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PolicyBot.Approvals;
using PolicyBot.BotFramework.Authentication;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Connector;
using PolicyBot.BotFramework.Schema;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Directory;
using PolicyBot.Dialogs.Storage;
using PolicyBot.Tests.Infrastructure;
using PolicyBot.Tests.Storage;

namespace PolicyBot.Tests.Approvals;

/// <summary>
/// The bot's approval workflow put together as the host does (real SQLite stores, the product's DI extension, the
/// protocol layer's adapter and Connector client) against a local Connector stand-in, with a fake clock. Two hosts built
/// on the same isolation name share their records: that is a restart.
/// </summary>
internal sealed class ApprovalTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    public const string TenantId = "tenant-emlm";

    private readonly ServiceProvider _services;

    private ApprovalTestHost(ServiceProvider services, FakeTimeProvider clock, string isolation, ConnectorStandIn connector)
    {
        _services = services;
        Connector = connector;
        Clock = clock;
        Isolation = isolation;
    }

    public FakeTimeProvider Clock { get; }
    public ConnectorStandIn Connector { get; }
    public string Isolation { get; }
    public IServiceProvider Services => _services;
    public IApprovalStore Store => _services.GetRequiredService<IApprovalStore>();
    public IOutbox Outbox => _services.GetRequiredService<IOutbox>();
    public ApprovalWorkflow Workflow => _services.GetRequiredService<ApprovalWorkflow>();
    public OutboxDispatcher Dispatcher => _services.GetRequiredService<OutboxDispatcher>();
    public ApprovalReminders Reminders => _services.GetRequiredService<ApprovalReminders>();
    public IStaffDirectory Directory => _services.GetRequiredService<IStaffDirectory>();

    public static ApprovalTestHost Create(
        StoreBackend storage,
        ConnectorStandIn connector,
        string? isolation = null,
        string? directoryJson = null,
        FakeTimeProvider? clock = null,
        ITeamsAppInstaller? installer = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        clock ??= new FakeTimeProvider(Monday);
        isolation ??= StoreBackend.NewIsolation();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Approvals:ServiceUrl"] = connector.ServiceUrl,
            ["Approvals:TenantId"] = TenantId,
            ["Approvals:BotId"] = "28:policybot",
            ["Approvals:TimeZone"] = "UTC",
            ["Approvals:RunInBackground"] = "false",
        }.Concat(settings ?? new Dictionary<string, string?>())).Build();

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        storage.AddStorage(services, isolation);
        services.AddSingleton<IStaffDirectory>(JsonStaffDirectory.Parse(directoryJson ?? File.ReadAllText(SampleDirectoryPath())));
        if (installer is not null)
        {
            services.AddSingleton(installer);
        }
        var trusted = new TrustedServiceUrls();
        services.AddSingleton(trusted);
        services.AddSingleton<IConnectorClient>(new ConnectorClient(new HttpClient(), new NoBotTokens(), trusted));
        services.AddSingleton<IRequestAuthenticator, LocalModeAuthenticator>();
        services.AddSingleton(sp => new CloudAdapter(
            sp.GetRequiredService<IRequestAuthenticator>(), sp.GetRequiredService<IConnectorClient>(), trusted,
            [new AutoSaveStateMiddleware(sp.GetRequiredService<ConversationState>())], NullLogger<CloudAdapter>.Instance));
        services.AddPolicyBotApprovals(configuration);
        services.AddPolicyBotDialogs();
        return new ApprovalTestHost(services.BuildServiceProvider(), clock, isolation, connector);
    }

    public static string SampleDirectoryPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "samples", "school-directory.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("samples/school-directory.json was not found above the test folder.");
    }

    /// <summary>What the form does at its end: a Submitted request for <paramref name="requesterId"/>, line manager from
    /// the directory (or the one chosen), then the workflow starts it.</summary>
    public async Task<ApprovalRequest> SubmitAsync(string requesterId, string? chosenLineManagerId = null, string title = "Year 9 geography Instagram", JsonObject? application = null, DateOnly? closure = null)
    {
        var requester = await Directory.GetPersonAsync(requesterId, default) ?? throw new InvalidOperationException("unknown requester");
        var manager = chosenLineManagerId is null ? await Directory.GetManagerAsync(requesterId, default) : await Directory.GetPersonAsync(chosenLineManagerId, default);
        var head = await Directory.GetHeadteacherAsync(default);
        var now = Clock.GetUtcNow();
        var request = new ApprovalRequest
        {
            Id = "SM-" + Guid.NewGuid().ToString("N")[..8],
            Requester = Staff(requester),
            LineManager = Staff(manager ?? throw new InvalidOperationException("no line manager")),
            Headteacher = Staff(head),
            Status = ApprovalStatus.Submitted,
            Title = title,
            Application = application ?? SampleApplications.ToJson(SampleApplications.GeographyInstagram(requester.Department)),
            ClosureDate = closure ?? new DateOnly(2027, 7, 20),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await Store.SaveAsync(request, null, [], [], default);
        return await Workflow.StartAsync(request.Id, default);
    }

    /// <summary>Runs the dispatcher until nothing due is left (bounded), as the background service would.</summary>
    public async Task<int> DeliverAllAsync()
    {
        var total = 0;
        for (var pass = 0; pass < 20; pass++)
        {
            var delivered = await Dispatcher.DispatchDueAsync(default);
            total += delivered;
            if (delivered == 0)
            {
                break;
            }
        }
        return total;
    }

    /// <summary>An Action.Execute click as Teams sends it: an adaptiveCard/action invoke through the adapter and the bot.</summary>
    public Task<ActivityProcessingResult> InvokeAsync(string userId, string verb, string requestId, string? comment = null, int? revision = 0, string? activityId = null)
    {
        var data = new JsonObject { [ApprovalVerbs.RequestIdKey] = requestId };
        if (revision is not null)
        {
            data[ApprovalVerbs.RevisionKey] = revision;
        }
        if (comment is not null)
        {
            data[ApprovalVerbs.CommentKey] = comment;
        }
        var activity = FromUser(userId, ActivityTypes.Invoke, activityId);
        activity.Name = "adaptiveCard/action";
        activity.Value = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data }, ["trigger"] = "manual" };
        return Adapter.ProcessActivityAsync(null, activity, Bot, default);
    }

    /// <summary>A typed message (or a button's value) from a user in their 1:1 chat with the bot.</summary>
    public Task<ActivityProcessingResult> SayAsync(string userId, string? text, JsonObject? value = null)
    {
        var activity = FromUser(userId, ActivityTypes.Message);
        activity.Text = text;
        activity.Value = value;
        return Adapter.ProcessActivityAsync(null, activity, Bot, default);
    }

    public CloudAdapter Adapter => _services.GetRequiredService<CloudAdapter>();
    public PolicyBotApplication Bot => _services.GetRequiredService<PolicyBotApplication>();

    /// <summary>The Adaptive Cards the Connector stand-in received in the bot's 1:1 chat with <paramref name="userId"/>.</summary>
    public async Task<List<JsonObject>> CardsSentToAsync(string userId)
    {
        var reference = await _services.GetRequiredService<IConversationReferenceStore>().GetAsync(userId, default);
        if (reference?.Conversation?.Id is not { } conversationId)
        {
            return [];
        }
        return Connector.SentActivities
            .Where(r => r.Path == $"/v3/conversations/{conversationId}/activities")
            .Select(r => r.Body?["attachments"]?[0]?["content"] as JsonObject)
            .OfType<JsonObject>()
            .ToList();
    }

    private Activity FromUser(string userId, string type, string? activityId = null) => new()
    {
        Type = type,
        Id = activityId ?? Guid.NewGuid().ToString("N"),
        ChannelId = "msteams",
        ServiceUrl = _services.GetRequiredService<ApprovalOptions>().ServiceUrl,
        From = new ChannelAccount { Id = "29:" + userId, AadObjectId = userId, Name = Directory.GetPersonAsync(userId, default).Result?.DisplayName ?? userId },
        Recipient = new ChannelAccount { Id = "28:policybot", Name = "PolicyBot" },
        Conversation = new ConversationAccount { Id = "a:chat-" + userId, ConversationType = "personal", TenantId = TenantId },
    };

    private static StaffMember Staff(DirectoryPerson person) => new(person.Id, person.DisplayName, person.Mail, person.JobTitle);

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
