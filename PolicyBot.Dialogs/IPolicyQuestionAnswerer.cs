using PolicyBot.BotFramework.Builder;
using PolicyBot.Dialogs.Policy;

namespace PolicyBot.Dialogs;

/// <summary>
/// Answers a question about the social media policy in the conversation (the FAQ and the policy's clauses).
/// The form calls it when someone asks a question mid-form, then asks its own question again.
/// </summary>
public interface IPolicyQuestionAnswerer
{
    /// <summary>Sends the answer and returns true, or returns false (sending nothing) when it has no answer.</summary>
    Task<bool> TryAnswerAsync(ITurnContext turnContext, string question, CancellationToken cancellationToken);

    /// <summary>Sends the answer, or says plainly that the policy does not cover the question and who to ask.</summary>
    Task AnswerAsync(ITurnContext turnContext, string question, CancellationToken cancellationToken);

    /// <summary>Records whether an answer helped, and thanks the user.</summary>
    Task RecordVoteAsync(ITurnContext turnContext, AnswerFeedbackData vote, CancellationToken cancellationToken);
}

/// <summary>The default until the policy answerer is wired: answers nothing.</summary>
public sealed class NoPolicyAnswers : IPolicyQuestionAnswerer
{
    public Task<bool> TryAnswerAsync(ITurnContext turnContext, string question, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task AnswerAsync(ITurnContext turnContext, string question, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync("Sorry, I can't answer that yet.", cancellationToken);

    public Task RecordVoteAsync(ITurnContext turnContext, AnswerFeedbackData vote, CancellationToken cancellationToken) => Task.CompletedTask;
}
