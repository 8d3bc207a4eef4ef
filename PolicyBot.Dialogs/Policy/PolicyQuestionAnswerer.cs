using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.Directory;
using PolicyBot.Dialogs.Storage;

namespace PolicyBot.Dialogs.Policy;

/// <summary>
/// Answers policy questions in the conversation: the answer card when the policy covers the question, otherwise a plain
/// "not covered" naming who to ask. Every question asked, and every vote on an answer, is recorded (with the user id
/// only) so the school can see what staff ask and what fails.
/// </summary>
public sealed class PolicyQuestionAnswerer(
    PolicyAnswerer answerer, IFeedbackStore feedback, IStaffDirectory directory, TimeProvider clock, ConversationState conversationState)
    : IPolicyQuestionAnswerer
{
    /// <summary>A follow-up ("what if they've left?") is read with the question before it only this soon after it.</summary>
    public static readonly TimeSpan FollowUpWindow = TimeSpan.FromMinutes(15);

    private readonly IStatePropertyAccessor<LastPolicyQuestion> _lastQuestion = conversationState.CreateProperty<LastPolicyQuestion>("lastPolicyQuestion");

    /// <summary>Questions longer than this are cut before matching: nobody types a policy question this long.</summary>
    public const int MaxQuestionLength = 1_000;

    /// <summary>
    /// Matching is CPU work (the embedding model): at most one question per core is matched at a time, and the others
    /// wait without holding a thread, so form steps and card clicks are not starved behind a burst of questions.
    /// </summary>
    private readonly SemaphoreSlim _matching = new(Environment.ProcessorCount, Environment.ProcessorCount);

    public PolicyPack Pack => answerer.Pack;

    /// <summary>Answers when the policy covers the question (true); sends nothing when it does not (false).</summary>
    public async Task<bool> TryAnswerAsync(ITurnContext turnContext, string question, CancellationToken cancellationToken) =>
        // In the form: a short reply is far likelier to be the form's answer than a follow-up to an earlier question.
        (await AnswerIfCoveredAsync(turnContext, Shorten(question), readsFollowUps: false, cancellationToken)).IsCovered;

    /// <summary>Answers, or says plainly that the policy does not cover the question and who to ask instead.</summary>
    public async Task AnswerAsync(ITurnContext turnContext, string question, CancellationToken cancellationToken)
    {
        var text = Shorten(question);
        var answer = await AnswerIfCoveredAsync(turnContext, text, readsFollowUps: true, cancellationToken);
        if (answer.IsCovered)
        {
            return;
        }
        var (whoToAsk, address) = await WhoToAskAsync(cancellationToken);
        var card = PolicyAnswerCard.NotCovered(text, answerer.Pack, whoToAsk, address, answer.ClosestQuestions, answer.ReadsAsFollowUp);
        await turnContext.SendActivityAsync(card.ToActivity(), cancellationToken);
    }

    /// <summary>Matches and records the question, and sends the answer card when the policy covers it.</summary>
    private async Task<PolicyAnswer> AnswerIfCoveredAsync(ITurnContext turnContext, string text, bool readsFollowUps, CancellationToken cancellationToken)
    {
        var last = await _lastQuestion.GetAsync(turnContext, cancellationToken);
        var now = clock.GetUtcNow();
        var previous = readsFollowUps && last.AskedAt is { } askedAt && now - askedAt <= FollowUpWindow ? last.Text : null;
        PolicyAnswer answer;
        await _matching.WaitAsync(cancellationToken);
        try
        {
            answer = answerer.Answer(text, previous);
        }
        finally
        {
            _matching.Release();
        }
        if (answer.IsCovered)
        {
            // A follow-up keeps the question it was read with, so that a second one ("and colleagues?") is read with it too.
            last.Text = answer.ReadWithQuestion ?? text;
            last.AskedAt = now;
        }
        var answerId = Guid.NewGuid().ToString("N");
        await RecordAsync(turnContext, answerId, text, answer.ClauseNumbers, helpful: null, answer.IsCovered, cancellationToken);
        if (answer.IsCovered)
        {
            var card = PolicyAnswerCard.Create(answer, answerer.Pack, new AnswerFeedbackData(answerId, text, answer.ClauseNumbers));
            await turnContext.SendActivityAsync(card.ToActivity(), cancellationToken);
        }
        return answer;
    }

    /// <summary>Records a vote from an answer's feedback buttons and thanks the user.</summary>
    public async Task RecordVoteAsync(ITurnContext turnContext, AnswerFeedbackData vote, CancellationToken cancellationToken)
    {
        await RecordAsync(turnContext, vote.AnswerId + "-vote", vote.Question, vote.CitedClauses, vote.Helpful, covered: true, cancellationToken);
        var thanks = vote.Helpful == true
            ? "Thanks, glad it helped."
            : $"Thanks for saying so. The school reviews answers that didn't help; for this one, please ask {(await WhoToAskAsync(cancellationToken)).Name}.";
        await turnContext.SendActivityAsync(thanks, cancellationToken);
    }

    /// <summary>The headteacher by name, with their address when the directory has one; the pack's wording when it cannot be reached.</summary>
    private async Task<(string Name, string? Address)> WhoToAskAsync(CancellationToken cancellationToken)
    {
        try
        {
            var head = await directory.GetHeadteacherAsync(cancellationToken);
            return ($"{head.DisplayName} ({answerer.Pack.EscalationContact.Replace("the ", "", StringComparison.OrdinalIgnoreCase)})",
                string.IsNullOrWhiteSpace(head.Mail) ? null : head.Mail);
        }
        catch (DirectoryException)
        {
            return (answerer.Pack.EscalationContact, null);
        }
    }

    private Task RecordAsync(ITurnContext turnContext, string id, string question, IReadOnlyList<string> clauses, bool? helpful, bool covered, CancellationToken cancellationToken) =>
        feedback.RecordAsync(
            new AnswerFeedback(id, turnContext.Activity.From?.AadObjectId ?? turnContext.Activity.From?.Id ?? "", question, clauses, helpful, covered, clock.GetUtcNow()),
            cancellationToken);

    private static string Shorten(string question)
    {
        var trimmed = question.Trim();
        return trimmed.Length <= MaxQuestionLength ? trimmed : trimmed[..MaxQuestionLength];
    }
}

/// <summary>The last policy question answered in the conversation, which a follow-up may lean on.</summary>
public sealed class LastPolicyQuestion
{
    public string? Text { get; set; }

    public DateTimeOffset? AskedAt { get; set; }
}
