using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Engine;

namespace PolicyBot.Tests.Dialogs;

/// <summary>The dialog engine on its own, with a small pizza order instead of the form.</summary>
public sealed class DialogEngineTests(DialogTestContext context) : IClassFixture<DialogTestContext>
{
    private TestFlow NewFlow(string? path = null) =>
        new(new TestBotHost(path ?? context.NewDatabasePath(), new ManualClock(DialogTestContext.Start), ownBot: store => new PizzaBot(store, new ManualClock(DialogTestContext.Start))));

    [Fact]
    public async Task A_waterfall_walks_its_prompts_in_order_and_ends_with_the_collected_values()
    {
        await NewFlow()
            .Send("hi").AssertReply("What's your name?")
            .Send("  Ada  ").AssertReply("Which size, Ada?\n\n1. Small\n2. Large")
            .Send("large").AssertReply("Toppings?")
            .Send("ham and cheese").AssertReply("Ham, Cheese: is that right?")
            .Send("yep").AssertReply("When shall we deliver?")
            .Send("Saturday").AssertReply("We don't deliver at weekends.\n\nWhen shall we deliver?")
            .Send("next Monday").AssertReply("Order: Ada, Large, Ham+Cheese, 2027-06-07")
            .Send("again").AssertReply("What's your name?");
    }

    [Fact]
    public async Task Card_inputs_lead_to_the_same_result_as_typing()
    {
        await NewFlow()
            .Send("hi").AssertReply(reply => Assert.Equal("Input.Text", reply.Attachments![0].Content!["body"]![0]!["type"]!.GetValue<string>()))
            .SubmitCard("Ada").AssertReply(reply => Assert.True(reply.Attachments![0].Content!["body"]![0]!["isMultiSelect"]!.GetValue<bool>() == false))
            .SubmitCard("Large").AssertReply(reply => Assert.True(reply.Attachments![0].Content!["body"]![0]!["isMultiSelect"]!.GetValue<bool>()))
            .SubmitCard("Ham,Cheese").AssertReply("Ham, Cheese: is that right?")
            .SubmitCard("yes").AssertReply(reply => Assert.Equal("Input.Date", reply.Attachments![0].Content!["body"]![0]!["type"]!.GetValue<string>()))
            .SubmitCard("2027-06-07").AssertReply("Order: Ada, Large, Ham+Cheese, 2027-06-07");
    }

    [Fact]
    public async Task The_stack_is_persisted_small_and_a_new_bot_on_the_same_store_carries_on()
    {
        var path = context.NewDatabasePath();
        var first = NewFlow(path);
        await first
            .Send("hi").AssertReply("What's your name?")
            .Send("Ada").AssertReply("Which size");

        var stored = await first.Host.State.ReadAsync("msteams/conversations/a:personal-chat-sam", CancellationToken.None);
        var stack = stored!.Data["DialogState"]!["stack"]!.AsArray();
        Assert.Equal(["order", "one"], stack.Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(1, stack[0]!["state"]!["stepIndex"]!.GetValue<int>());
        Assert.Equal("Ada", stack[0]!["state"]!["values"]!["name"]!.GetValue<string>());
        Assert.NotNull(stack[0]!["state"]!["instanceId"]);
        Assert.True(stored.Data.ToJsonString().Length < 1500, stored.Data.ToJsonString());

        await NewFlow(path)
            .Send("small").AssertReply("Toppings?");
    }

    [Fact]
    public async Task A_component_runs_its_own_stack_and_cancel_all_empties_the_stack()
    {
        await NewFlow()
            .Send("feedback").AssertReply("Rate us from 1 to 2")
            .Send("2").AssertReply("Any comments?")
            .Send("stop").AssertReply("Stopped.")
            .Send("feedback").AssertReply("Rate us")
            .Send("1").AssertReply("Any comments?")
            .Send("Lovely.").AssertReply("Thanks: Poor, Lovely.");
    }

    /// <summary>Orders a pizza; "feedback" runs a component instead; "stop" cancels everything.</summary>
    private sealed class PizzaBot : IBot
    {
        private readonly ConversationState _state;
        private readonly DialogSet _dialogs;

        public PizzaBot(IStateStore store, TimeProvider clock)
        {
            _state = new ConversationState(store);
            _dialogs = new DialogSet()
                .Add(new WaterfallDialog("order", [AskNameAsync, AskSizeAsync, AskToppingsAsync, ConfirmAsync, AskDateAsync, FinishAsync]))
                .Add(new TextPrompt("text"))
                .Add(new ChoicePrompt("one"))
                .Add(new ChoicePrompt("many", allowMultiple: true))
                .Add(new ConfirmPrompt("confirm"))
                .Add(new DatePrompt("date", clock, NotAtWeekends))
                .Add(new FeedbackDialog());
        }

        public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
        {
            var dc = _dialogs.CreateContext(turnContext, await _state.CreateProperty<DialogState>("DialogState").GetAsync(turnContext, cancellationToken));
            if (turnContext.Activity.Text == "stop")
            {
                await dc.CancelAllDialogsAsync(cancellationToken);
                await turnContext.SendActivityAsync("Stopped.", cancellationToken);
            }
            else
            {
                var result = await dc.ContinueDialogAsync(cancellationToken);
                if (result.Status == DialogTurnStatus.Empty)
                {
                    await dc.BeginDialogAsync(turnContext.Activity.Text == "feedback" ? "feedback" : "order", cancellationToken: cancellationToken);
                }
                else if (result.Status == DialogTurnStatus.Complete)
                {
                    await turnContext.SendActivityAsync(result.Result!.GetValue<string>(), cancellationToken);
                }
            }
            await _state.SaveChangesAsync(turnContext, cancellationToken);
        }

        private static Task<DialogTurnResult> AskNameAsync(WaterfallStepContext step, CancellationToken ct) =>
            step.PromptAsync("text", new PromptOptions { Prompt = "What's your name?", QuestionId = "name" }, ct);

        private static Task<DialogTurnResult> AskSizeAsync(WaterfallStepContext step, CancellationToken ct)
        {
            step.Values["name"] = step.Result!.GetValue<string>();
            return step.PromptAsync("one", new PromptOptions { Prompt = $"Which size, {step.Values["name"]}?", QuestionId = "size", Choices = [new("Small"), new("Large")] }, ct);
        }

        private static Task<DialogTurnResult> AskToppingsAsync(WaterfallStepContext step, CancellationToken ct)
        {
            step.Values["size"] = step.Result![0]!.GetValue<string>();
            return step.PromptAsync("many", new PromptOptions { Prompt = "Toppings?", QuestionId = "toppings", Choices = [new("Ham"), new("Cheese"), new("Olives")] }, ct);
        }

        private static Task<DialogTurnResult> ConfirmAsync(WaterfallStepContext step, CancellationToken ct)
        {
            var toppings = step.Result!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            step.Values["toppings"] = string.Join("+", toppings);
            return step.PromptAsync("confirm", new PromptOptions { Prompt = $"{string.Join(", ", toppings)}: is that right?", QuestionId = "confirm" }, ct);
        }

        private static Task<DialogTurnResult> AskDateAsync(WaterfallStepContext step, CancellationToken ct) =>
            step.Result!.GetValue<bool>()
                ? step.PromptAsync("date", new PromptOptions { Prompt = "When shall we deliver?", QuestionId = "when" }, ct)
                : step.DialogContext.ReplaceDialogAsync("order", cancellationToken: ct);

        private static Task<DialogTurnResult> FinishAsync(WaterfallStepContext step, CancellationToken ct) =>
            step.EndDialogAsync(JsonValue.Create($"Order: {step.Values["name"]}, {step.Values["size"]}, {step.Values["toppings"]}, {step.Result!.GetValue<string>()}"), ct);

        private static Task<bool> NotAtWeekends(PromptValidatorContext<DateOnly> prompt, CancellationToken ct) =>
            Task.FromResult(prompt.Value.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) || prompt.Fail("We don't deliver at weekends."));
    }

    /// <summary>A component: its own waterfall and prompts, ending with one result for whoever started it.</summary>
    private sealed class FeedbackDialog : ComponentDialog
    {
        public FeedbackDialog() : base("feedback")
        {
            AddDialog(new WaterfallDialog("feedback.steps",
            [
                (step, ct) => step.PromptAsync("rating", new PromptOptions { Prompt = "Rate us from 1 to 2", Choices = [new("Poor"), new("Good")] }, ct),
                (step, ct) =>
                {
                    step.Values["rating"] = step.Result![0]!.GetValue<string>();
                    return step.PromptAsync("comments", new PromptOptions { Prompt = "Any comments?" }, ct);
                },
                (step, ct) => step.EndDialogAsync(JsonValue.Create($"Thanks: {step.Values["rating"]}, {step.Result!.GetValue<string>()}"), ct),
            ]));
            AddDialog(new ChoicePrompt("rating"));
            AddDialog(new TextPrompt("comments"));
        }
    }
}
