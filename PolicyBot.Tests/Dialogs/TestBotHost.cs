using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.BotFramework.Authentication;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Connector;
using PolicyBot.BotFramework.Schema;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Directory;
using PolicyBot.Dialogs.SiteApplication;
using PolicyBot.Storage.Sqlite;

namespace PolicyBot.Tests.Dialogs;

/// <summary>
/// One running bot as a test sees it: the real CloudAdapter and TurnContext pipeline, the real SQLite stores on a
/// file, and a Connector stand-in that records what the bot sends. A second host on the same file is a restart.
/// </summary>
public sealed class TestBotHost
{
    public const string UserAadId = "00000000-0000-0000-0000-0000000000c1"; // Sam Taylor, Geography Teacher, Humanities
    private readonly CloudAdapter _adapter;
    private readonly IBot _bot;
    private readonly RecordingConnector _connector = new();
    private int _nextId;

    public TestBotHost(string databasePath, ManualClock clock, IPolicyQuestionAnswerer? answerer = null, Func<IStateStore, IBot>? ownBot = null, IApplicationSubmitted? submitted = null, Func<IStaffDirectory, IStaffDirectory>? wrapDirectory = null)
    {
        var database = new SqliteDatabase(databasePath);
        Approvals = new SqliteApprovalStore(database);
        State = new SqliteStateStore(database);
        Clock = clock;
        IStaffDirectory directory = JsonStaffDirectory.Load(SamplePath("samples/school-directory.json"));
        directory = wrapDirectory?.Invoke(directory) ?? directory;
        var policyAnswerer = answerer ?? new NoPolicyAnswers();
        var submitter = new SiteApplicationSubmitter(Approvals, directory, submitted ?? new NoApplicationSubmittedHook(), clock);
        var form = new SiteApplicationDialog(directory, submitter, policyAnswerer, clock);
        var cards = new ApprovalCardBuilder(new PolicyBotSettings(), new ApprovalOptions());
        var conversationState = new ConversationState(State);
        var invokes = new ApprovalInvokeHandler(new ApprovalWorkflow(Approvals, new ApprovalNotices(cards), clock), Approvals, cards);
        _bot = ownBot?.Invoke(State)
            ?? new PolicyBotApplication(
                new SqliteConversationReferenceStore(database), new PolicyBotSettings(), conversationState, form, policyAnswerer,
                invokes, new ApprovalCommands(Approvals, directory, cards, invokes));
        // State is saved by the pipeline, as in the host.
        _adapter = new CloudAdapter(new LocalModeAuthenticator(), _connector, new TrustedServiceUrls(), [new AutoSaveStateMiddleware(conversationState)], NullLogger<CloudAdapter>.Instance)
        {
            OnTurnError = (_, ex) => throw new InvalidOperationException("The turn failed.", ex),
        };
    }

    public SqliteApprovalStore Approvals { get; }
    public SqliteStateStore State { get; }
    public ManualClock Clock { get; }

    /// <summary>What the bot sent in the last turn, oldest first.</summary>
    public List<Activity> Replies { get; } = [];

    /// <summary>How many of <see cref="Replies"/> the test has checked so far.</summary>
    public int ReadPosition { get; set; }

    public string ConversationId { get; set; } = "a:personal-chat-sam";

    /// <summary>"personal" (the 1:1 chat), "groupChat" or "channel".</summary>
    public string ConversationType { get; set; } = "personal";

    public Task SendTextAsync(string text) => SendAsync(new Activity { Type = ActivityTypes.Message, Text = text });

    /// <summary>What Teams sends for an Action.Submit: a message without text whose value is the data plus the inputs.</summary>
    public Task SendValueAsync(JsonObject value) => SendAsync(new Activity { Type = ActivityTypes.Message, Value = value });

    public async Task SendAsync(Activity activity)
    {
        activity.Id = $"activity-{Interlocked.Increment(ref _nextId)}-{Guid.NewGuid():N}";
        activity.ChannelId = "msteams";
        activity.ServiceUrl = "https://smba.trafficmanager.net/uk/";
        activity.Conversation = new ConversationAccount { Id = ConversationId, ConversationType = ConversationType, TenantId = "tenant" };
        activity.From = new ChannelAccount { Id = "29:sam", Name = "Sam Taylor", AadObjectId = UserAadId };
        activity.Recipient = new ChannelAccount { Id = "28:policybot", Name = "PolicyBot" };
        activity.Timestamp = Clock.GetUtcNow();
        Replies.Clear();
        ReadPosition = 0;
        _connector.Sent.Clear();
        var result = await _adapter.ProcessActivityAsync(null, activity, _bot, CancellationToken.None);
        Assert.Equal(200, result.StatusCode);
        Replies.AddRange(_connector.Sent);
    }

    public static string SamplePath(string relative, [CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", relative));

    private sealed class LocalModeAuthenticator : IRequestAuthenticator
    {
        public bool IsEnabled => false;

        public Task<AuthenticationOutcome> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken) =>
            Task.FromResult(AuthenticationOutcome.Success(new ClaimsIdentity()));
    }

    /// <summary>The Connector stand-in: records every activity the bot sends, in order.</summary>
    private sealed class RecordingConnector : IConnectorClient
    {
        public List<Activity> Sent { get; } = [];

        public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken = default) =>
            Record(activity);

        public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default) =>
            Record(activity);

        public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
            Record(activity);

        public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ConversationResourceResponse { Id = Guid.NewGuid().ToString("N") });

        private Task<ResourceResponse> Record(Activity activity)
        {
            lock (Sent)
            {
                Sent.Add(activity);
            }
            return Task.FromResult(new ResourceResponse { Id = Guid.NewGuid().ToString("N") });
        }
    }
}

/// <summary>A clock the test moves by hand; "local" time is UTC.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by) => Now += by;
}
