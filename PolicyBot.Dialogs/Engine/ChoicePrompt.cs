using PolicyBot.BotFramework.Builder;
using PolicyBot.Dialogs.Cards;

namespace PolicyBot.Dialogs.Engine;

/// <summary>
/// Asks for one of the options' choices, or several when <paramref name="allowMultiple"/>; the result is the choice's
/// value, or a list of values. The question lists the choices numbered, and the card offers them as a choice set.
/// </summary>
public sealed class ChoicePrompt(string id, bool allowMultiple = false, PromptValidator<IReadOnlyList<string>>? validator = null)
    : Prompt<IReadOnlyList<string>>(id, validator)
{
    public bool AllowMultiple { get; } = allowMultiple;

    protected override Task<PromptRecognition<IReadOnlyList<string>>> RecognizeAsync(ITurnContext turnContext, string answer, PromptOptions options, CancellationToken cancellationToken)
    {
        var choices = options.Choices ?? [];
        if (answer.Length == 0)
        {
            return Result(PromptRecognition<IReadOnlyList<string>>.Failure(AllowMultiple ? "Please choose at least one." : "Please choose one."));
        }
        if (!AllowMultiple)
        {
            return Result(ChoiceRecognizer.RecognizeOne(answer, choices) is { } one
                ? PromptRecognition<IReadOnlyList<string>>.Success([one])
                : PromptRecognition<IReadOnlyList<string>>.Failure($"I didn't recognise \"{Quote(answer)}\" as one of the choices."));
        }
        var (chosen, unrecognized) = ChoiceRecognizer.RecognizeMany(answer, choices);
        return Result(unrecognized.Count > 0 || chosen.Count == 0
            ? PromptRecognition<IReadOnlyList<string>>.Failure($"I didn't recognise {string.Join(" or ", unrecognized.Select(u => $"\"{Quote(u)}\""))} as one of the choices.")
            : PromptRecognition<IReadOnlyList<string>>.Success(chosen));
    }

    protected override string FormatQuestion(PromptOptions options, bool isRetry)
    {
        var numbered = (options.Choices ?? []).Select((c, i) => $"{i + 1}. {c.Value}");
        var hint = AllowMultiple ? "\n\nChoose all that apply: numbers or names, separated by commas." : string.Empty;
        return $"{base.FormatQuestion(options, isRetry)}\n\n{string.Join("\n", numbered)}{hint}";
    }

    protected override AdaptiveCard CreateCard(PromptOptions options) =>
        PromptAnswer.InputCard(new ChoiceSetInput(PromptAnswer.AnswerKey, (options.Choices ?? []).Select(c => new Choice(c.Value, c.Value)).ToList())
        {
            Label = AllowMultiple ? "Choose all that apply" : "Choose one",
            IsMultiSelect = AllowMultiple,
            Style = "expanded",
            IsRequired = true,
            ErrorMessage = "Please choose.",
        }, options);

    private static Task<PromptRecognition<IReadOnlyList<string>>> Result(PromptRecognition<IReadOnlyList<string>> recognition) => Task.FromResult(recognition);

    private static string Quote(string text) => CardText.EscapeShort(text, 60);
}
