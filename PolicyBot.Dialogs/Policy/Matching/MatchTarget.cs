namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>Something a question can match: a curated FAQ entry or a clause of the policy itself.</summary>
internal sealed record MatchTarget(int Index, FaqEntry? Faq, PolicyClause? Clause)
{
    public string Key => Faq is not null ? "faq:" + Faq.Id : "clause:" + Clause!.Number;
    public IReadOnlyList<string> ClauseNumbers => Faq?.ClauseNumbers ?? [Clause!.Number];
}

/// <summary>A target with its lexical (BM25, squashed to 0..1), semantic (cosine) and combined scores.</summary>
internal sealed record ScoredTarget(MatchTarget Target, double Lexical, double Semantic, double Score);

/// <summary>One text indexed for a target: an FAQ phrasing, an FAQ question or a clause with its heading.</summary>
internal sealed record IndexedText(int TargetIndex, string Text);

/// <summary>Which signals rank the targets; the product uses <see cref="Combined"/>, the others are measured by the benchmark.</summary>
public enum RetrievalMode { Combined, LexicalOnly, SemanticOnly }
