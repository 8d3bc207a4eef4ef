namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>How the two signals are combined; the defaults were calibrated on the project's evaluation set (see docs/policy-answers.md).</summary>
public sealed record MatchingOptions
{
    /// <summary>Weight of the sentence-embedding cosine in the combined score; the rest is BM25.</summary>
    public double SemanticWeight { get; init; } = 0.6;
    /// <summary>BM25 is squashed to 0..1 as s / (s + LexicalHalfScore).</summary>
    public double LexicalHalfScore { get; init; } = 6.0;
    /// <summary>Clauses are written in the policy's words, not the staff's: their scores are discounted against curated questions.</summary>
    public double ClauseDiscount { get; init; } = 0.9;
    /// <summary>Below this combined score the policy is said not to cover the question.</summary>
    public double Threshold { get; init; } = 0.45;
}

/// <summary>Ranks FAQ entries and clauses for a question by BM25 over normalised text and/or embedding similarity.</summary>
internal sealed class PolicyRetriever : IDisposable
{
    private readonly TextNormaliser _normaliser;
    private readonly MatchingOptions _options;
    private readonly LexicalIndex _lexical;
    private readonly SemanticIndex? _semantic;

    public PolicyRetriever(PolicyPack pack, TextNormaliser normaliser, MatchingOptions options, bool useEmbeddings)
    {
        _normaliser = normaliser;
        _options = options;
        Targets = [
            .. pack.Faqs.Select((f, i) => new MatchTarget(i, f, null)),
            .. pack.Clauses.Select((c, i) => new MatchTarget(pack.Faqs.Count + i, null, c)),
        ];
        var texts = Targets.SelectMany(TextsOf).ToList();
        _lexical = new LexicalIndex(texts.Select(t => t with { Text = normaliser.Normalise(t.Text) }));
        _semantic = useEmbeddings ? new SemanticIndex(texts) : null;
    }

    public IReadOnlyList<MatchTarget> Targets { get; }

    public bool HasEmbeddings => _semantic is not null;

    public IReadOnlyList<ScoredTarget> Rank(string question, RetrievalMode mode = RetrievalMode.Combined)
    {
        var lexical = mode == RetrievalMode.SemanticOnly ? [] : _lexical.Search(_normaliser.Normalise(question));
        var semantic = mode == RetrievalMode.LexicalOnly || _semantic is null
            ? [] : _semantic.Search(string.Join(' ', _normaliser.CorrectedWords(question)));
        var semanticWeight = mode switch
        {
            RetrievalMode.LexicalOnly => 0,
            RetrievalMode.SemanticOnly => 1,
            _ => _semantic is null ? 0 : _options.SemanticWeight,
        };
        return [.. lexical.Keys.Union(semantic.Keys)
            .Select(i =>
            {
                var lex = lexical.TryGetValue(i, out var bm25) ? bm25 / (bm25 + _options.LexicalHalfScore) : 0;
                var sem = Math.Max(0, semantic.GetValueOrDefault(i));
                var score = semanticWeight * sem + (1 - semanticWeight) * lex;
                if (Targets[i].Clause is not null) score *= _options.ClauseDiscount;
                return new ScoredTarget(Targets[i], lex, sem, score);
            })
            .OrderByDescending(s => s.Score)];
    }

    private static IEnumerable<IndexedText> TextsOf(MatchTarget target) => target switch
    {
        { Faq: { } faq } => faq.Phrasings.Append(faq.Question).Select(p => new IndexedText(target.Index, p)),
        { Clause: { } clause } => [new IndexedText(target.Index, clause.SectionTitle + ". " + clause.Text)],
        _ => [],
    };

    public void Dispose()
    {
        _lexical.Dispose();
        _semantic?.Dispose();
    }
}
