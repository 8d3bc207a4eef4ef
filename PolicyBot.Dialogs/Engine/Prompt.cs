using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Cards;

namespace PolicyBot.Dialogs.Engine;

/// <summary>
/// A dialog that asks one question and ends with the recognised, validated answer. It sends the question as text and,
/// where useful, a card with the matching input; a card submit and a typed answer go through the same recogniser.
/// An answer that does not fit is asked again with the specific reason.
/// </summary>
public abstract class Prompt<T>(string id, PromptValidator<T>? validator = null) : Dialog(id)
{
    private const string OptionsKey = "options";
    private const string AttemptsKey = "attempts";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, JsonNode? options, CancellationToken cancellationToken)
    {
        var promptOptions = FromJson<PromptOptions>(options) ?? new PromptOptions();
        var state = dc.ActiveDialog!.State;
        state[OptionsKey] = options?.DeepClone();
        state[AttemptsKey] = 0;
        await SendAsync(dc.Context, promptOptions, reason: null, cancellationToken);
        return DialogTurnResult.EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var activity = dc.Context.Activity;
        if (activity.Type != ActivityTypes.Message)
        {
            return DialogTurnResult.EndOfTurn;
        }
        var state = dc.ActiveDialog!.State;
        var options = GetOptions(dc.ActiveDialog!);
        var answer = PromptAnswer.Read(activity);
        if (answer.QuestionId is { } cardQuestion && options.QuestionId is { } current && cardQuestion != current)
        {
            await SendAsync(dc.Context, options, "That card was for an earlier question.", cancellationToken);
            return DialogTurnResult.EndOfTurn;
        }

        var attempts = (state[AttemptsKey]?.GetValue<int>() ?? 0) + 1;
        state[AttemptsKey] = attempts;
        var recognized = await RecognizeAsync(dc.Context, answer.Text.Trim(), options, cancellationToken);
        string? reason = recognized.Reason;
        if (recognized.Succeeded)
        {
            var check = new PromptValidatorContext<T>(dc.Context, recognized.Value!, options, attempts);
            if (validator is null || await validator(check, cancellationToken))
            {
                return await dc.EndDialogAsync(ToJson(recognized.Value), cancellationToken);
            }
            reason = check.FailureReason;
        }
        await SendAsync(dc.Context, options, reason ?? "That doesn't fit this question.", cancellationToken);
        return DialogTurnResult.EndOfTurn;
    }

    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, JsonNode? result, CancellationToken cancellationToken)
    {
        await RepromptDialogAsync(dc.Context, dc.ActiveDialog!, cancellationToken);
        return DialogTurnResult.EndOfTurn;
    }

    public override Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken cancellationToken) =>
        SendAsync(turnContext, GetOptions(instance), reason: null, cancellationToken);

    private static PromptOptions GetOptions(DialogInstance instance) => PromptOptions.Of(instance);

    /// <summary>Turns the trimmed answer (typed, or a card input's value) into a value, or says why it cannot.</summary>
    protected abstract Task<PromptRecognition<T>> RecognizeAsync(ITurnContext turnContext, string answer, PromptOptions options, CancellationToken cancellationToken);

    /// <summary>The question as text; choice prompts add their numbered list.</summary>
    protected virtual string FormatQuestion(PromptOptions options, bool isRetry) =>
        isRetry && options.RetryPrompt is { } retry ? retry : options.Prompt;

    /// <summary>The card this prompt sends with its question, or null when it sends text only.</summary>
    public AdaptiveCard? CardFor(PromptOptions options) => options.HideCard ? null : CreateCard(options);

    /// <summary>The card with the matching input and a Send button, or null for text only.</summary>
    protected virtual AdaptiveCard? CreateCard(PromptOptions options) => null;

    private Task SendAsync(ITurnContext turnContext, PromptOptions options, string? reason, CancellationToken cancellationToken)
    {
        var question = FormatQuestion(options, isRetry: reason is not null);
        var message = Activity.CreateMessageActivity(reason is null ? question : $"{reason}\n\n{question}");
        if (CardFor(options) is { } card)
        {
            message.Attachments = [card.ToAttachment()];
        }
        return turnContext.SendActivityAsync(message, cancellationToken);
    }
}

/// <summary>
/// The answer a message carries: a card submit's input (its <c>value</c> names the question and holds the answer) or the
/// typed text. Prompt cards use these two keys so that both paths reach the same recogniser.
/// </summary>
public sealed record PromptAnswer(string Text, string? QuestionId)
{
    public const string QuestionIdKey = "questionId";
    public const string AnswerKey = "answer";

    public static PromptAnswer Read(Activity activity)
    {
        if (activity.Value is JsonObject value && value[QuestionIdKey] is JsonValue question)
        {
            return new PromptAnswer(AsText(value[AnswerKey]), question.ToString());
        }
        return new PromptAnswer(activity.Text ?? string.Empty, null);
    }

    /// <summary>The Send button of a prompt card: an Action.Submit whose data names the question.</summary>
    public static SubmitAction SubmitButton(string title, string? questionId, string? answer = null)
    {
        var data = new JsonObject { [QuestionIdKey] = questionId ?? string.Empty };
        if (answer is not null)
        {
            data[AnswerKey] = answer;
        }
        return new SubmitAction(title) { Data = data };
    }

    /// <summary>A card with one input (its id is the answer key) and a Send button.</summary>
    public static AdaptiveCard InputCard(CardElement input, PromptOptions options) => new()
    {
        FallbackText = options.Prompt,
        Body = [input],
        Actions = [SubmitButton("Send", options.QuestionId)],
    };

    private static string AsText(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
