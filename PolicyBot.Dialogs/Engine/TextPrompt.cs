using PolicyBot.BotFramework.Builder;
using PolicyBot.Dialogs.Cards;

namespace PolicyBot.Dialogs.Engine;

/// <summary>Asks for free text: trimmed, never empty, and no longer than the limit (Validations "maxLength", default 1,000).</summary>
public sealed class TextPrompt(string id, PromptValidator<string>? validator = null) : Prompt<string>(id, validator)
{
    public const int DefaultMaxLength = 1000;
    public const string MaxLengthKey = "maxLength";

    public static int MaxLengthOf(PromptOptions options) => options.Validations?[MaxLengthKey]?.GetValue<int>() ?? DefaultMaxLength;

    protected override Task<PromptRecognition<string>> RecognizeAsync(ITurnContext turnContext, string answer, PromptOptions options, CancellationToken cancellationToken)
    {
        var max = MaxLengthOf(options);
        var result = answer.Length switch
        {
            0 => PromptRecognition<string>.Failure("I need an answer to this one: it can't be left empty."),
            var length when length > max => PromptRecognition<string>.Failure(
                $"That answer is {length:N0} characters long; please keep it to {max:N0} characters or fewer."),
            _ => PromptRecognition<string>.Success(answer),
        };
        return Task.FromResult(result);
    }

    protected override AdaptiveCard CreateCard(PromptOptions options) =>
        PromptAnswer.InputCard(new TextInput(PromptAnswer.AnswerKey)
        {
            Label = "Your answer",
            IsMultiline = MaxLengthOf(options) > 100,
            MaxLength = MaxLengthOf(options),
            Value = options.Prefill,
            IsRequired = true,
            ErrorMessage = "Please type an answer.",
        }, options);
}
