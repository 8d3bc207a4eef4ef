using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Dialogs.Policy.Matching;

namespace PolicyBot.Dialogs.Policy;

/// <summary>
/// Answers staff questions from a policy pack: safeguarding first, then the best curated answer or clause for each part of the question,
/// or a plain "not covered" below the confidence threshold; a question that only asks for clauses by number gets their words.
/// Thread-safe; create one per process (the embedding model loads once).
/// </summary>
public sealed partial class PolicyAnswerer : IDisposable
{
    private const int MaxParts = 3;
    private const int MaxFollowUps = 3;
    private const int MaxClosestQuestions = 2;
    private const double ExtraPartMargin = 0.03;
    /// <summary>A follow-up read with the question before it is answered only with an answer it points to by itself this much.</summary>
    private const double FollowUpAloneFloor = 0.55;
    /// <summary>A follow-up's answer is one of this many best answers to it read with the question before it.</summary>
    private const int FollowUpCandidates = 3;
    /// <summary>A message reads as a follow-up only if it is this short: "what if …" in full is a question of its own.</summary>
    private const int MaxFollowUpWords = 8;
    private readonly TextNormaliser _normaliser;
    private readonly PolicyRetriever _retriever;

    /// <param name="embeddingCachePath">Precomputed embeddings of the pack's texts (see <see cref="EmbeddingCache"/>); null embeds them now.</param>
    public PolicyAnswerer(PolicyPack pack, MatchingOptions? options = null, bool useEmbeddings = true, string? embeddingCachePath = null, ILogger? logger = null)
    {
        var watch = Stopwatch.StartNew();
        logger ??= NullLogger.Instance;
        Pack = pack;
        Options = options ?? new MatchingOptions();
        _normaliser = new TextNormaliser(pack);
        _retriever = new PolicyRetriever(pack, _normaliser, useEmbeddings, embeddingCachePath, logger);
        Log.Ready(logger, watch.ElapsedMilliseconds, _retriever.EmbeddedTexts.Count, _retriever.EmbeddingsFromCache ? "from the cache" : "computed");
    }

    /// <summary>
    /// Loads the pack at <paramref name="packPath"/> (default: the pack shipped with the bot) and builds the indexes, reading the pack's
    /// embeddings from the cache beside it ("….embeddings.bin") when it matches.
    /// </summary>
    public static PolicyAnswerer Create(string? packPath = null, MatchingOptions? options = null, ILogger? logger = null)
    {
        packPath ??= PolicyPackLoader.DefaultPackPath;
        return new(PolicyPackLoader.Load(packPath), options, embeddingCachePath: EmbeddingCache.PathFor(packPath), logger: logger);
    }

    public PolicyPack Pack { get; }

    public MatchingOptions Options { get; }

    /// <summary>The texts embedded for the pack, in order (what the cache's hash covers).</summary>
    internal IReadOnlyList<string> EmbeddedTexts => _retriever.EmbeddedTexts;

    internal bool EmbeddingsFromCache => _retriever.EmbeddingsFromCache;

    /// <summary>Writes the pack's embeddings to <paramref name="path"/>, for <see cref="Create"/> to read at the next start.</summary>
    public void WriteEmbeddingCache(string path) => _retriever.WriteEmbeddingCache(path);

    public PolicyAnswer Answer(string question) => Answer(question, RetrievalMode.Combined, Options);

    /// <summary>
    /// Answers <paramref name="question"/>; when the policy does not cover it on its own and it reads as a follow-up
    /// ("what if they've left?"), reads it with <paramref name="previousQuestion"/>, the question asked before it.
    /// </summary>
    public PolicyAnswer Answer(string question, string? previousQuestion)
    {
        var alone = Answer(question);
        return alone.IsCovered || !alone.ReadsAsFollowUp || string.IsNullOrWhiteSpace(previousQuestion)
            ? alone
            : AnswerAsFollowUp(question, previousQuestion) ?? alone;
    }

    /// <summary>
    /// The answer to a follow-up read with the question before it, or null. Read together, the earlier question's words
    /// outweigh the follow-up's ("a yr 9 added me, can I accept? what if they've left?" is the pupil answer again), so the
    /// answer chosen is the one both readings support: of the <see cref="FollowUpCandidates"/> best for the two read together,
    /// the best mean of that score and the follow-up's own. It must clear the threshold together and <see cref="FollowUpAloneFloor"/> alone.
    /// </summary>
    private PolicyAnswer? AnswerAsFollowUp(string followUp, string previousQuestion)
    {
        var scores = _retriever.Score([$"{previousQuestion} {followUp}", followUp], RetrievalMode.Combined);
        var together = _retriever.Rank(scores[0], RetrievalMode.Combined, Options).Take(FollowUpCandidates);
        var alone = _retriever.Rank(scores[1], RetrievalMode.Combined, Options).ToDictionary(t => t.Target.Index, t => t.Score);
        var best = together
            .Select(t => (Match: t, Mean: (t.Score + alone.GetValueOrDefault(t.Target.Index)) / 2))
            .MaxBy(t => t.Mean).Match;
        if (best is null || best.Score < Options.Threshold || alone.GetValueOrDefault(best.Target.Index) < FollowUpAloneFloor)
            return null;
        List<AnswerPart> parts = [];
        Add(parts, best);
        return new PolicyAnswer(true, best.Score, parts, FollowUps(parts), false, Pack.DisplayName)
        {
            EscalationContact = Pack.EscalationContact,
            ReadWithQuestion = previousQuestion,
        };
    }

    /// <summary>The raw signals of a question, for calibrating the options without re-running the model.</summary>
    internal QuestionScores Score(string question, RetrievalMode mode) => _retriever.Score([question], mode)[0];

    internal IReadOnlyList<ScoredTarget> Rank(QuestionScores scores) => _retriever.Rank(scores, RetrievalMode.Combined, Options);

    /// <summary>The best match under <paramref name="options"/>, whatever the threshold.</summary>
    internal ScoredTarget? Best(QuestionScores scores, RetrievalMode mode, MatchingOptions options) =>
        _retriever.Rank(scores, mode, options).FirstOrDefault();

    internal PolicyAnswer Answer(string question, RetrievalMode mode, MatchingOptions options)
    {
        // "what does 6.5 say?": the policy's own words (a message that says anything more, a risk to a child included, is matched).
        if (ClauseLookup.TryAnswer(Pack, question) is { } lookedUp)
            return new PolicyAnswer(true, 1.0, lookedUp, FollowUps(lookedUp), false, Pack.DisplayName) { EscalationContact = Pack.EscalationContact };

        var parts = new List<AnswerPart>();
        var segments = Segments(question);
        var scores = _retriever.Score([question, .. segments], mode);
        // Whether the policy covers the question is decided on the combined score; which answer, on the choice score.
        var choice = ChoiceOptions(options);
        var covering = _retriever.Rank(scores[0], mode, options);
        var confidence = covering.FirstOrDefault()?.Score ?? 0;
        var ranked = _retriever.Rank(scores[0], mode, choice);
        var best = ranked.FirstOrDefault();
        var clears = best is not null && confidence >= options.Threshold;
        // A trigger word ("grooming", "self-harm"), or a question whose best answer is the safeguarding one ("she wants to end it all").
        var isSafeguarding = _normaliser.SuggestsRisk(question) || (clears && best!.Target.Faq?.Id == Pack.SafeguardingFaqId);
        if (isSafeguarding)
            parts.Add(FromFaq(Pack.FindFaq(Pack.SafeguardingFaqId)!, 1.0));

        // Each sentence that is a clear question by itself is answered first, in the order asked: the whole message blends its
        // context ("governor here.", "supply teacher - last year I covered…") into the match, the sentence that asks does not.
        // A question about another subject (an IT fault, money) is about it in every sentence: "teams keeps crashing. how do I
        // see my work emails on my phone?" is not the school-email answer.
        foreach (var segment in scores.Skip(1).Select(s => s with { OtherSubject = s.OtherSubject || scores[0].OtherSubject }))
        {
            var match = Best(segment, mode, choice);
            if (match is not null && Best(segment, mode, options)!.Score >= options.Threshold + ExtraPartMargin)
                Add(parts, match);
        }
        if (clears)
            Add(parts, best!);
        // A runner-up resting on other clauses and too close to call is shown as well.
        var runnerUp = clears ? ranked.Skip(1).FirstOrDefault(t => !t.Target.ClauseNumbers.Intersect(best!.Target.ClauseNumbers).Any()) : null;
        if (runnerUp is not null && runnerUp.Score >= best!.Score - options.RunnerUpMargin)
            Add(parts, runnerUp);

        if (parts.Count == 0)
            return new PolicyAnswer(false, confidence, [], [], false, Pack.DisplayName)
            {
                EscalationContact = Pack.EscalationContact,
                ClosestQuestions = ClosestQuestions(scores[0], covering, options),
                ReadsAsFollowUp = ReadsAsFollowUp(question),
            };
        return new PolicyAnswer(true, isSafeguarding ? 1.0 : confidence, parts, FollowUps(parts), isSafeguarding, Pack.DisplayName)
        {
            EscalationContact = Pack.EscalationContact,
        };
    }

    private static MatchingOptions ChoiceOptions(MatchingOptions options) =>
        options.ChoiceSemanticWeight is { } weight ? options with { SemanticWeight = weight } : options;

    private void Add(List<AnswerPart> parts, ScoredTarget match)
    {
        if (parts.Count >= MaxParts) return;
        var part = match.Target.Faq is { } faq ? FromFaq(faq, match.Score) : FromClause(match.Target.Clause!, match.Score);
        var duplicate = parts.Any(p => (part.FaqId is not null && p.FaqId == part.FaqId) || p.ClauseNumbers.SequenceEqual(part.ClauseNumbers)
            || (part.FaqId is null && p.ClauseNumbers.Contains(part.ClauseNumbers[0])));
        if (!duplicate) parts.Add(part);
    }

    private static AnswerPart FromFaq(FaqEntry faq, double confidence) =>
        new(faq.Verdict, faq.Explanation, faq.ClauseNumbers, faq.Id, confidence);

    private static AnswerPart FromClause(PolicyClause clause, double confidence)
    {
        var sentences = SentenceEnd().Split(clause.Text.Replace('\n', ' ')).Where(s => s.Length > 0).ToList();
        return new AnswerPart(
            $"The policy says: {sentences[0]}",
            string.Join(' ', sentences.Skip(1).Take(2)),
            [clause.Number], null, confidence);
    }

    private IReadOnlyList<string> FollowUps(IEnumerable<AnswerPart> parts)
    {
        var answered = parts.Select(p => p.FaqId).ToHashSet();
        var ids = parts.SelectMany(p => p.FaqId is { } id
            ? Pack.FindFaq(id)!.FollowUpIds
            : Pack.Faqs.Where(f => f.ClauseNumbers[0] == p.ClauseNumbers.FirstOrDefault()).Select(f => f.Id));
        return [.. ids.Where(id => !answered.Contains(id)).Distinct().Take(MaxFollowUps).Select(id => Pack.FindFaq(id)!.Question)];
    }

    /// <summary>
    /// For a question that is not covered: the curated questions that came closest, when the question is about the policy's
    /// topics at all (a question about term dates gets none, rather than two unrelated ones).
    /// </summary>
    private static IReadOnlyList<string> ClosestQuestions(QuestionScores scores, IReadOnlyList<ScoredTarget> ranked, MatchingOptions options) =>
        !scores.OnTopic || scores.OtherSubject
            ? []
            : [.. ranked.TakeWhile(t => t.Score >= options.ClosestQuestionFloor).Select(t => t.Target.Faq).OfType<FaqEntry>()
                .Select(f => f.Question).Distinct().Take(MaxClosestQuestions)];

    /// <summary>The parts of a question with more than one: "can I … ? and who …", "… and also …", "…; …".</summary>
    internal static IReadOnlyList<string> Segments(string question)
    {
        var segments = PartSeparator().Split(question).Select(s => s.Trim()).Where(s => TextNormaliser.Tokenise(s).Count() >= 3).ToList();
        return segments.Count > 1 ? segments : [];
    }

    [GeneratedRegex(@"\?+\s*|;\s*|\.\s+|\s+(?:and also|also|plus|and what about|what about|and separately|and secondly|and second)\s+|\s+and\s+(?=(?:can|may|should|do|does|is|are|who|what|when|how|where|will|am)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex PartSeparator();

    /// <summary>
    /// A short message that leans on an earlier one: it opens as a follow-up does ("what if they've left?", "and on the school
    /// page?", "even if I don't name the school?") or points back at something ("can a governor do it?", "is there a form for that?").
    /// </summary>
    internal static bool ReadsAsFollowUp(string question) =>
        TextNormaliser.Tokenise(question).Count() <= MaxFollowUpWords
        && (FollowUpOpening().IsMatch(question) || PointsBack().IsMatch(question));

    [GeneratedRegex(@"^\W*(?:(?:ok|okay|so)\W+)?(?:and|but|or|even|also|what if|what about|how about|what should|is there|same|does (?:that|this|it|the same)|do (?:they|those|the same|i still))\b", RegexOptions.IgnoreCase)]
    private static partial Regex FollowUpOpening();

    [GeneratedRegex(@"\b(?:it|that|this|they|them|those|there|instead|too|either)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PointsBack();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    public void Dispose() => _retriever.Dispose();
}
