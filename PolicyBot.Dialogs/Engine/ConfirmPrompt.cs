using PolicyBot.BotFramework.Builder;
using PolicyBot.Dialogs.Cards;

namespace PolicyBot.Dialogs.Engine;

/// <summary>Asks a yes/no question; the card has Yes and No buttons.</summary>
public sealed class ConfirmPrompt(string id, PromptValidator<bool>? validator = null) : Prompt<bool>(id, validator)
{
    protected override Task<PromptRecognition<bool>> RecognizeAsync(ITurnContext turnContext, string answer, PromptOptions options, CancellationToken cancellationToken) =>
        Task.FromResult(YesNo.Recognize(answer) is { } yes
            ? PromptRecognition<bool>.Success(yes)
            : PromptRecognition<bool>.Failure("Please answer yes or no."));

    protected override AdaptiveCard CreateCard(PromptOptions options) => new()
    {
        FallbackText = options.Prompt,
        Actions =
        [
            PromptAnswer.SubmitButton("Yes", options.QuestionId, "yes"),
            PromptAnswer.SubmitButton("No", options.QuestionId, "no"),
        ],
    };
}

/// <summary>Yes and no in the ways people type them.</summary>
public static class YesNo
{
    private static readonly HashSet<string> Yes = ["yes", "y", "yeah", "yep", "yup", "ok", "okay", "sure", "correct", "right", "thats right", "true", "confirm", "yes please", "of course", "definitely", "i am", "it is", "they are", "we will", "i will"];
    private static readonly HashSet<string> No = ["no", "n", "nope", "nah", "false", "not", "no thanks", "incorrect", "wrong", "i am not", "it isnt", "they arent", "we wont", "i wont"];

    public static bool? Recognize(string answer)
    {
        var words = ChoiceRecognizer.Normalize(answer);
        if (Yes.Contains(words))
        {
            return true;
        }
        if (No.Contains(words))
        {
            return false;
        }
        var first = words.Split(' ')[0];
        return first switch
        {
            "yes" or "yeah" or "yep" => true,
            "no" or "nope" => false,
            _ => null,
        };
    }
}
