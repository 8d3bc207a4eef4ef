using System.Text.Json.Nodes;

namespace PolicyBot.Tests.Infrastructure;

/// <summary>Activities shaped as Teams sends them to a bot in a personal (1:1) chat. No xUnit here: the load benchmark
/// links this file too, and gives each of its conversations its own user id and conversation id.</summary>
public sealed class TeamsActivities(
    string serviceUrl,
    string userAadId = "00000000-0000-0000-0000-0000000000c1",
    string userName = "Sam Taylor",
    string? conversationId = null,
    string? userId = null)
{
    public const string TenantId = "72f988bf-0000-0000-0000-000000000001";
    public const string BotId = "28:policybot";

    private int _sequence;

    public string UserAadId { get; } = userAadId;
    public string ConversationId { get; } = conversationId ?? $"a:1:personal-{userAadId}";

    /// <summary>The Teams user id (<c>29:…</c>) of the sender.</summary>
    public string UserId { get; } = userId ?? "29:" + userAadId;

    public JsonObject Message(string text) => Base("message", new JsonObject { ["text"] = text, ["textFormat"] = "plain" });

    /// <summary>A message as an Action.Submit button or card input sends it: the inputs in <c>value</c>.</summary>
    public JsonObject Submit(JsonObject value) => Base("message", new JsonObject { ["value"] = value });

    public JsonObject MembersAdded() => Base("conversationUpdate", new JsonObject
    {
        ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = UserId, ["aadObjectId"] = UserAadId }),
    });

    public JsonObject InstallationAdd() => Base("installationUpdate", new JsonObject { ["action"] = "add" });

    public JsonObject AdaptiveCardAction(string verb, JsonObject? data = null) => Base("invoke", new JsonObject
    {
        ["name"] = "adaptiveCard/action",
        ["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data ?? new JsonObject() },
            ["trigger"] = "manual",
        },
    });

    private JsonObject Base(string type, JsonObject extra)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = $"activity-{Guid.NewGuid():N}-{Interlocked.Increment(ref _sequence)}",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = UserId, ["name"] = userName, ["aadObjectId"] = UserAadId },
            ["conversation"] = new JsonObject { ["id"] = ConversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "PolicyBot" },
            ["locale"] = "en-GB",
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        };
        foreach (var (key, value) in extra)
        {
            activity[key] = value?.DeepClone();
        }
        return activity;
    }
}
