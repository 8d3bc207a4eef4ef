using static PolicyBot.Tests.Infrastructure.JsonTree;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Engine;

namespace PolicyBot.Tests.Dialogs;

/// <summary>
/// A conversation as a test reads it: <c>await flow.Send("apply").AssertReply("Which department")</c>. Each Send is one
/// turn through the host; the assertions that follow check what the bot said in that turn, in order.
/// </summary>
public sealed class TestFlow(TestBotHost host, Task? previous = null)
{
    private readonly Task _done = previous ?? Task.CompletedTask;
    public TestBotHost Host { get; } = host;

    public TestFlow Send(string text) => Then(flow => flow.Host.SendTextAsync(text));

    /// <summary>Any turn the test builds itself (a stale card, an activity of another type).</summary>
    public TestFlow Then(Func<TestBotHost, Task> turn) => Then(flow => turn(flow.Host));

    /// <summary>Submits the card of the last reply that has one, as Teams does: its Submit action's data plus the input.
    /// A button whose data already carries <paramref name="answer"/> is pressed instead.</summary>
    public TestFlow SubmitCard(string answer) => Then(flow =>
    {
        var card = flow.Host.Replies.LastOrDefault(r => r.Attachments is { Count: > 0 })?.Attachments![0].Content
            ?? throw new Xunit.Sdk.XunitException("The bot sent no card to submit.");
        var submits = Actions(card).Where(a => a["type"]?.GetValue<string>() == "Action.Submit").Select(a => (JsonObject)a["data"]!).ToList();
        var data = submits.FirstOrDefault(d => d[PromptAnswer.AnswerKey]?.GetValue<string>() == answer)?.DeepClone().AsObject()
            ?? submits.FirstOrDefault(d => d[PromptAnswer.AnswerKey] is null)?.DeepClone().AsObject()
            ?? throw new Xunit.Sdk.XunitException($"The card has no Submit action for \"{answer}\".");
        data[PromptAnswer.AnswerKey] = answer;
        return flow.Host.SendValueAsync(data);
    });

    /// <summary>The next reply of this turn passes <paramref name="check"/>.</summary>
    public TestFlow AssertReply(Action<Activity> check) => Then(flow =>
    {
        Assert.True(flow.Host.ReadPosition < flow.Host.Replies.Count, $"Expected another reply; the bot sent {flow.Host.Replies.Count}:\n{flow.Transcript()}");
        check(flow.Host.Replies[flow.Host.ReadPosition++]);
        return Task.CompletedTask;
    });

    /// <summary>The next reply of this turn contains <paramref name="text"/>.</summary>
    public TestFlow AssertReply(string text) => AssertReply(reply => Assert.True(
        reply.Text?.Contains(text, StringComparison.Ordinal) == true, $"Expected a reply containing \"{text}\", got:\n{Transcript()}"));

    /// <summary>Some reply of this turn, from the next one on, contains <paramref name="text"/>.</summary>
    public TestFlow AssertReplyContains(string text) => Then(flow =>
    {
        var index = flow.Host.Replies.FindIndex(flow.Host.ReadPosition, r => r.Text?.Contains(text, StringComparison.Ordinal) == true);
        Assert.True(index >= 0, $"Expected a reply containing \"{text}\", got:\n{flow.Transcript()}");
        flow.Host.ReadPosition = index + 1;
        return Task.CompletedTask;
    });

    /// <summary>The bot said nothing more in this turn than what was checked.</summary>
    public TestFlow AssertNoMoreReplies() => Then(flow =>
    {
        Assert.True(flow.Host.ReadPosition == flow.Host.Replies.Count, $"Expected no more replies, got:\n{flow.Transcript()}");
        return Task.CompletedTask;
    });

    public TaskAwaiter GetAwaiter() => _done.GetAwaiter();

    public string Transcript() => string.Join("\n---\n", Host.Replies.Select(r => r.Text ?? $"[card] {r.Attachments?[0].Content?.ToJsonString()[..Math.Min(200, r.Attachments[0].Content!.ToJsonString().Length)]}"));

    private static IEnumerable<JsonObject> Actions(JsonNode card) =>
        (card["actions"] as JsonArray ?? []).OfType<JsonObject>()
            .Concat(Descendants(card).Where(n => n["type"]?.GetValue<string>() == "ActionSet").SelectMany(n => (n["actions"] as JsonArray ?? []).OfType<JsonObject>()));


    private TestFlow Then(Func<TestFlow, Task> next)
    {
        return new TestFlow(Host, RunAsync());

        async Task RunAsync()
        {
            await _done;
            await next(this);
        }
    }
}
