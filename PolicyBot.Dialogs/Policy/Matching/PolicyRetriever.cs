using Microsoft.Extensions.Logging;

namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>How the signals are combined; the defaults were calibrated on the project's own evaluation set (see docs/policy-answers.md).</summary>
public sealed record MatchingOptions
{
    /// <summary>Weight of the sentence-embedding cosine in the combined score; the rest is BM25.</summary>
    public double SemanticWeight { get; init; } = 0.4;
    /// <summary>
    /// Weight of the embeddings when choosing which answer, once the combined score (with <see cref="SemanticWeight"/>) says the
    /// policy covers the question. The embeddings tell well whether a question is about something the policy deals with, less well
    /// which of two near neighbours answers it (a pupil or a pupil's parent): there the staff words matched by BM25 decide more.
    /// Null: the same as <see cref="SemanticWeight"/>.
    /// </summary>
    public double? ChoiceSemanticWeight { get; init; } = 0.2;
    /// <summary>BM25 is squashed to 0..1 as s / (s + LexicalHalfScore).</summary>
    public double LexicalHalfScore { get; init; } = 5.0;
    /// <summary>Clauses are written in the policy's words, not the staff's: their scores are discounted against curated questions.</summary>
    public double ClauseDiscount { get; init; } = 0.7;
    /// <summary>Score multiplier for a question that mentions none of the policy's topics (social media, posting, email, photos…).</summary>
    public double OffTopicFactor { get; init; } = 0.9;
    /// <summary>
    /// A second answer resting on other clauses is added when it scores within this margin of the best: the two are too close to call,
    /// and staff see both (a pupil's parent and the pupil, a colleague and a pupil). Zero turns it off.
    /// </summary>
    public double RunnerUpMargin { get; init; } = 0.05;
    /// <summary>Share of the lexical signal from BM25 over each FAQ entry as one document (all its phrasings, verdict and explanation).</summary>
    public double BagWeight { get; init; } = 0.5;
    /// <summary>Score multiplier for a question that mentions a subject the policy does not deal with (vocabulary <c>otherSubjectTerms</c>).</summary>
    public double OtherSubjectFactor { get; init; } = 0.9;
    /// <summary>
    /// Score multiplier, per facet, for an FAQ entry about other kinds than the question names (the entry is about pupils, the
    /// question names only a colleague; the entry is about personal accounts, the question names only the school's page):
    /// "my deputy head followed me" is not a pupil's friend request. One turns it off.
    /// </summary>
    public double AboutMismatchFactor { get; init; } = 0.9;
    /// <summary>Below this combined score the policy is said not to cover the question.</summary>
    public double Threshold { get; init; } = 0.67;
    /// <summary>
    /// A question the policy does not cover, but about the policy's topics, is offered the curated questions scoring at least this
    /// as "closest questions the policy answers" (not as an answer).
    /// </summary>
    public double ClosestQuestionFloor { get; init; } = 0.55;
}

/// <summary>The raw signals for one question, before they are combined.</summary>
internal sealed record QuestionScores(IReadOnlyDictionary<int, double> Lexical, IReadOnlyDictionary<int, double> Semantic, bool OnTopic)
{
    public IReadOnlyDictionary<int, double> Bag { get; init; } = new Dictionary<int, double>();
    /// <summary>True when the question mentions a subject the policy does not deal with (an IT fault, money, cover work).</summary>
    public bool OtherSubject { get; init; }
    /// <summary>What the question is about: the kinds it names of each facet (people: pupil, colleague…; site: official, personal).</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> About { get; init; } = new Dictionary<string, IReadOnlySet<string>>();
}

/// <summary>Ranks FAQ entries and clauses for a question by BM25 over normalised text and/or embedding similarity.</summary>
internal sealed class PolicyRetriever : IDisposable
{
    /// <summary>A text encoded by the model that made the cache comes out the same but for rounding; another model's is off by 0.005 or more.</summary>
    private const double SameModelCosine = 0.999;
    private readonly TextNormaliser _normaliser;
    private readonly LexicalIndex _lexical;
    private readonly LexicalIndex _bags;
    private readonly SemanticIndex? _semantic;
    /// <summary>For each target, what it is about per facet (empty for clauses and general answers).</summary>
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>>[] _about;

    /// <param name="embeddingCachePath">The precomputed embeddings of the pack's texts; when missing or stale they are computed now and a warning is logged.</param>
    public PolicyRetriever(PolicyPack pack, TextNormaliser normaliser, bool useEmbeddings, string? embeddingCachePath, ILogger logger)
    {
        if (useEmbeddings) SemanticIndex.WarmUp();
        _normaliser = normaliser;
        Targets = [
            .. pack.Faqs.Select((f, i) => new MatchTarget(i, f, null)),
            .. pack.Clauses.Select((c, i) => new MatchTarget(pack.Faqs.Count + i, null, c)),
        ];
        var texts = Targets.SelectMany(TextsOf).ToList();
        var normalised = texts.Select(t => t with { Text = normaliser.Normalise(t.Text) }).ToList();
        _lexical = new LexicalIndex(normalised);
        _bags = new LexicalIndex(Targets.Select(t => new IndexedText(t.Index, normaliser.Normalise(BagOf(t)))));
        _about = [.. Targets.Select(t => t.Faq?.About ?? new Dictionary<string, IReadOnlyList<string>>())];
        if (!useEmbeddings) return;

        IReadOnlyList<IndexedText> embedded = [.. texts, .. normalised];
        EmbeddedTexts = [.. embedded.Select(t => t.Text)];
        var reason = "";
        var cached = embeddingCachePath is null ? null : EmbeddingCache.TryRead(embeddingCachePath, SemanticIndex.ModelId, EmbeddedTexts, out reason);
        // The cache names its model, but the model file is found at run time (MiniLmModelFile): a different one (a float copy
        // shipped beside the app, say) would be scored against vectors it did not make. One text encoded now tells.
        if (cached is not null && SemanticIndex.CosineWithModel(EmbeddedTexts[0], cached[0]) is var cosine and < SameModelCosine)
        {
            reason = $"the model file in use embeds the first text differently (cosine {cosine:0.000})";
            cached = null;
        }
        if (cached is null && embeddingCachePath is not null)
            Log.EmbeddingCacheStale(logger, embeddingCachePath, reason, EmbeddedTexts.Count, EmbeddingCache.RegenerateCommand);
        _semantic = new SemanticIndex(embedded, cached);
        EmbeddingsFromCache = cached is not null;
    }

    public IReadOnlyList<MatchTarget> Targets { get; }

    /// <summary>The texts given to the embedding model, in order: each target's texts as written, then normalised.</summary>
    public IReadOnlyList<string> EmbeddedTexts { get; } = [];

    public bool EmbeddingsFromCache { get; }

    /// <summary>Writes the embeddings of the pack's texts to <paramref name="path"/> (see <see cref="EmbeddingCache"/>).</summary>
    public void WriteEmbeddingCache(string path) =>
        EmbeddingCache.Write(path, SemanticIndex.ModelId, EmbeddedTexts, _semantic?.Vectors ?? throw new InvalidOperationException("Embeddings are off."));

    /// <summary>
    /// Scores several questions (a question and its parts) with one call to the embedding model. The semantic signal is the mean of
    /// two cosines: the question as typed (typos corrected) and the question with policy terms added, each against both forms of the texts.
    /// </summary>
    public IReadOnlyList<QuestionScores> Score(IReadOnlyList<string> questions, RetrievalMode mode)
    {
        var normalised = questions.Select(_normaliser.Normalise).ToList();
        var semantic = mode == RetrievalMode.LexicalOnly || _semantic is null
            ? [.. questions.Select(_ => new Dictionary<int, double>())]
            : Average(_semantic.Search([.. questions.Select(q => string.Join(' ', _normaliser.CorrectedWords(q))), .. normalised]), questions.Count);
        return [.. normalised.Select((q, i) => new QuestionScores(
            mode == RetrievalMode.SemanticOnly ? new Dictionary<int, double>() : _lexical.Search(q),
            semantic[i],
            _normaliser.IsOnTopic(q))
        {
            Bag = mode == RetrievalMode.SemanticOnly ? new Dictionary<int, double>() : _bags.Search(q),
            About = _normaliser.FacetsIn(q),
            OtherSubject = _normaliser.IsAboutOtherSubject(q),
        })];
    }

    /// <summary>Pairs the scores of the i-th typed question with those of its normalised form (stored <paramref name="count"/> later).</summary>
    private static Dictionary<int, double>[] Average(Dictionary<int, double>[] scores, int count) =>
        [.. Enumerable.Range(0, count).Select(i => scores[i].Keys.ToDictionary(k => k, k => (scores[i][k] + scores[count + i][k]) / 2))];

    public IReadOnlyList<ScoredTarget> Rank(QuestionScores scores, RetrievalMode mode, MatchingOptions options)
    {
        var semanticWeight = mode switch
        {
            RetrievalMode.LexicalOnly => 0,
            RetrievalMode.SemanticOnly => 1,
            _ => _semantic is null ? 0 : options.SemanticWeight,
        };
        var topic = mode != RetrievalMode.Combined ? 1
            : (scores.OnTopic ? 1 : options.OffTopicFactor) * (scores.OtherSubject ? options.OtherSubjectFactor : 1);
        return [.. scores.Lexical.Keys.Union(scores.Semantic.Keys).Union(scores.Bag.Keys)
            .Select(i =>
            {
                var phrasing = scores.Lexical.TryGetValue(i, out var bm25) ? bm25 / (bm25 + options.LexicalHalfScore) : 0;
                var bag = scores.Bag.TryGetValue(i, out var bagBm25) ? bagBm25 / (bagBm25 + options.LexicalHalfScore) : 0;
                var lex = options.BagWeight * bag + (1 - options.BagWeight) * phrasing;
                var sem = Math.Max(0, scores.Semantic.GetValueOrDefault(i));
                var score = (semanticWeight * sem + (1 - semanticWeight) * lex) * topic;
                if (Targets[i].Clause is not null) score *= options.ClauseDiscount;
                if (mode == RetrievalMode.Combined) score *= Math.Pow(options.AboutMismatchFactor, Mismatches(scores.About, _about[i]));
                return new ScoredTarget(Targets[i], lex, sem, score);
            })
            .OrderByDescending(s => s.Score)];
    }

    /// <summary>The facets where the question names some kinds, the target others and none of the question's.</summary>
    private static int Mismatches(IReadOnlyDictionary<string, IReadOnlySet<string>> question, IReadOnlyDictionary<string, IReadOnlyList<string>> target) =>
        target.Count(t => t.Value.Count > 0 && question.TryGetValue(t.Key, out var named) && !named.Overlaps(t.Value));

    private static IEnumerable<IndexedText> TextsOf(MatchTarget target) => target switch
    {
        { Faq: { } faq } => faq.Phrasings.Append(faq.Question).Select(p => new IndexedText(target.Index, p)),
        { Clause: { } clause } => [new IndexedText(target.Index, clause.SectionTitle + ". " + clause.Text)],
        _ => [],
    };

    private static string BagOf(MatchTarget target) => target switch
    {
        { Faq: { } faq } => string.Join(". ", faq.Phrasings.Append(faq.Question).Append(faq.Verdict).Append(faq.Explanation)),
        { Clause: { } clause } => clause.SectionTitle + ". " + clause.Text,
        _ => "",
    };

    public void Dispose()
    {
        _lexical.Dispose();
        _bags.Dispose();
    }
}
