using System.Globalization;
using PolicyBot.BotFramework.Builder;
using PolicyBot.Dialogs.Cards;

namespace PolicyBot.Dialogs.Engine;

/// <summary>
/// Asks for a date in any of the UK forms <see cref="UkDateParser"/> reads, "today" being the clock's. The result is
/// the ISO date (yyyy-MM-dd). Validations "notBefore" (ISO) sets the earliest date the card's date picker offers.
/// </summary>
public sealed class DatePrompt(string id, TimeProvider clock, PromptValidator<DateOnly>? validator = null) : Prompt<DateOnly>(id, validator)
{
    public const string NotBeforeKey = "notBefore";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    protected override Task<PromptRecognition<DateOnly>> RecognizeAsync(ITurnContext turnContext, string answer, PromptOptions options, CancellationToken cancellationToken) =>
        Task.FromResult(UkDateParser.TryParse(answer, Today, out var date)
            ? PromptRecognition<DateOnly>.Success(date)
            : PromptRecognition<DateOnly>.Failure(answer.Length == 0
                ? "Please give a date."
                : "I couldn't read that as a date. Try 1/9/2027, 1 Sept 2027 or next Monday (day first, as in the UK)."));

    protected override AdaptiveCard CreateCard(PromptOptions options) =>
        PromptAnswer.InputCard(new DateInput(PromptAnswer.AnswerKey)
        {
            Label = "Date",
            Min = options.Validations?[NotBeforeKey]?.GetValue<string>() ?? Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IsRequired = true,
            ErrorMessage = "Please pick a date.",
        }, options);
}
