using PolicyBot.Tests.Infrastructure;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs;
using PolicyBot.Dialogs.Directory;
using PolicyBot.Dialogs.Engine;
using PolicyBot.Storage;

namespace PolicyBot.Tests.Dialogs;

/// <summary>How a message finds the form: the welcome's button, the command list, plain words, or not at all.</summary>
public sealed class PolicyBotRoutesTests(DialogTestContext context) : IClassFixture<DialogTestContext>
{
    private static readonly JsonObject ApplyButton = new() { ["command"] = BotCommands.Apply };

    [Fact]
    public async Task The_welcome_button_starts_the_form_and_pressing_it_again_offers_continue_or_discard()
    {
        await context.NewFlow()
            .Send("hello").AssertReply(reply => Assert.Contains("Apply for a site", reply.Attachments![0].Content!.ToJsonString(), StringComparison.Ordinal))
            .Then(host => host.SendValueAsync(ApplyButton.DeepClone().AsObject()))
            .AssertReply("Let's fill in your application").AssertReply("Which department")
            .Then(host => host.SendValueAsync(ApplyButton.DeepClone().AsObject()))
            .AssertReply("You have an application in progress (step 1 of ")
            .Send("continue").AssertReply("Which department");
    }

    [Fact]
    public async Task A_question_about_setting_up_a_site_is_answered_and_the_form_offered()
    {
        var answerer = new FakePolicyAnswerer();
        await context.NewFlow(answerer)
            .Send("can I set up a class Instagram?")
            .AssertReply("Policy answer")
            .AssertReply(reply => Assert.Contains(BotCommands.Apply, reply.Attachments![0].Content!.ToJsonString(), StringComparison.Ordinal))
            .Send("who approves a school Facebook page?").AssertReply("Policy answer").AssertNoMoreReplies()
            .Send("what's the weather like?").AssertReply("Not covered by the policy.");
        Assert.Equal(["can I set up a class Instagram?", "who approves a school Facebook page?", "what's the weather like?"], answerer.Questions);
    }

    [Fact]
    public async Task A_question_that_mentions_the_bot_is_asked_without_the_mention()
    {
        var answerer = new FakePolicyAnswerer();
        var mention = JsonDocument.Parse("""{"text":"<at>PolicyBot</at>","mentioned":{"id":"28:policybot","name":"PolicyBot"}}""").RootElement;
        await context.NewFlow(answerer)
            .Then(host => host.SendAsync(new Activity
            {
                Type = ActivityTypes.Message,
                Text = "<at>PolicyBot</at> who approves a school Facebook page?",
                Entities = [new() { Type = "mention", Properties = mention.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()) }],
            }))
            .AssertReply("Policy answer");
        Assert.Equal(["who approves a school Facebook page?"], answerer.Questions);
    }

    [Fact]
    public async Task Thanks_is_acknowledged_not_matched_against_the_policy()
    {
        var answerer = new FakePolicyAnswerer();
        await context.NewFlow(answerer)
            .Send("Thanks!").AssertReply("You're welcome.").AssertNoMoreReplies()
            .Send("cheers").AssertReply("You're welcome.");
        Assert.Empty(answerer.Questions);
    }

    [Fact]
    public async Task Outside_the_form_cancel_and_old_cards_are_explained()
    {
        await context.NewFlow()
            .Send("cancel").AssertReply("There's nothing in progress to cancel.")
            .Then(host => host.SendValueAsync(new JsonObject { [PromptAnswer.QuestionIdKey] = "department", [PromptAnswer.AnswerKey] = "Humanities" }))
            .AssertReply("That card belongs to an application that is no longer in progress.");
    }

    [Fact]
    public async Task The_form_runs_only_in_the_personal_chat_so_each_person_has_one_draft()
    {
        var flow = context.NewFlow();
        flow.Host.ConversationType = "groupChat";
        flow.Host.ConversationId = "19:group";
        await flow.Send("apply").AssertReply("Let's do your application in our 1:1 chat");
    }

    [Fact]
    public async Task TheHostsComposition_ResolvesTheBot_WithEveryDependency()
    {
        await using var host = await BotHost.StartAsync();

        Assert.IsType<PolicyBotApplication>(host.Services.GetRequiredService<IBot>());
    }
}
