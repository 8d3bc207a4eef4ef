using System.Text.RegularExpressions;

namespace PolicyBot.Dialogs.Policy;

/// <summary>
/// "what does 6.5 say?", "clause A.3.6", "section 9", "appendix B": the policy's own words for what is asked for by number,
/// when the message asks for nothing else. A plain number is a reference only after "section" or "clause" ("year 9" is not),
/// a number the pack does not have is said to be missing, and a message that also says something else goes to the matcher.
/// </summary>
public static partial class ClauseLookup
{
    private const int MaxReferences = 4;

    // What people wrap a reference in: "can you show me what clause 6.5 of the policy says please".
    private static readonly HashSet<string> LookupWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "whats", "what's", "does", "do", "did", "say", "says", "said", "saying", "show", "me", "the", "clause", "clauses",
        "section", "sections", "policy", "policies", "is", "are", "about", "explain", "read", "text", "of", "in", "paragraph",
        "paragraphs", "para", "paras", "point", "points", "mean", "means", "tell", "can", "could", "you", "please", "pls", "and",
        "number", "numbers", "wording", "words", "exact", "full", "give", "see", "i", "want", "to", "pull", "up", "on", "it", "this",
        "our", "social", "media", "cover", "covers", "under", "look", "at", "quote", "which", "one", "ones", "again", "bit",
    };

    /// <summary>The parts answering a lookup, or null when the message is not one.</summary>
    public static IReadOnlyList<AnswerPart>? TryAnswer(PolicyPack pack, string question)
    {
        var references = Reference().Matches(question);
        if (references.Count == 0 || references.Any(IsPlainNumber))
        {
            return null; // "year 9", "2 pupils": a plain number is not a reference
        }
        var rest = Reference().Replace(question, " ").Replace('\u2019', '\'');
        if (Word().Matches(rest).Any(w => !LookupWords.Contains(w.Value)))
        {
            return null; // it asks something else too: the matcher answers it
        }
        var asked = references.Select(r => r.Groups["appendix"].Success
            ? (Label: "Appendix " + r.Groups["appendix"].Value.ToUpperInvariant(), Part: Appendix(pack, r.Groups["appendix"].Value.ToUpperInvariant()))
            : (Label: "clause " + r.Groups["number"].Value.ToUpperInvariant(), Part: ClauseOrSection(pack, r.Groups["number"].Value.ToUpperInvariant()))).ToList();
        if (asked.Any(a => a.Part is null))
        {
            return [NoSuchClause(pack, asked.Where(a => a.Part is null).Select(a => a.Label).Distinct())];
        }
        var distinct = asked.Select(a => a.Part!).DistinctBy(p => string.Join(",", p.ClauseNumbers)).ToList();
        return distinct.Count <= MaxReferences ? distinct : null;
    }

    private static bool IsPlainNumber(Match reference) =>
        reference.Groups["number"].Success && !reference.Groups["marker"].Success && !reference.Groups["number"].Value.Contains('.');

    /// <summary>"6.5" is a clause; "9" or "A.3" a section of the clauses numbered under it.</summary>
    private static AnswerPart? ClauseOrSection(PolicyPack pack, string number) =>
        pack.FindClause(number) is { } clause ? ClausePart(clause) : SectionPart(pack, number, $"Section {number}", withTitle: true);

    /// <summary>"Appendix B" may be one text (the form) or the clauses numbered "B.…".</summary>
    private static AnswerPart? Appendix(PolicyPack pack, string letter) =>
        pack.FindClause("Appendix " + letter) is { } clause ? ClausePart(clause) : SectionPart(pack, letter, "Appendix " + letter, withTitle: false);

    private static AnswerPart ClausePart(PolicyClause clause) =>
        new($"{(ClauseNumberShape().IsMatch(clause.Number) ? "Policy " : "")}{clause.Number}, {clause.SectionTitle}:", clause.Text, [clause.Number],
            FaqId: null, Confidence: 1.0);

    /// <param name="withTitle">A section's clauses share its title; an appendix's first clause carries only its first part's.</param>
    private static AnswerPart? SectionPart(PolicyPack pack, string prefix, string name, bool withTitle)
    {
        var numbers = pack.Clauses.Where(c => c.Number.StartsWith(prefix + ".", StringComparison.Ordinal)).Select(c => c.Number).ToList();
        if (numbers.Count == 0)
        {
            return null;
        }
        var title = withTitle ? ", " + pack.FindClause(numbers[0])!.SectionTitle : "";
        return new AnswerPart(
            name + title,
            $"It has {numbers.Count} clause{(numbers.Count == 1 ? "" : "s")}: {string.Join(", ", numbers)}. Their words are one tap away.",
            numbers, FaqId: null, Confidence: 1.0);
    }

    /// <summary>"There is no clause 12.4 in this policy", with the numbers it does have.</summary>
    private static AnswerPart NoSuchClause(PolicyPack pack, IEnumerable<string> labels)
    {
        var ranges = pack.Clauses.Where(c => ClauseNumberShape().IsMatch(c.Number)).GroupBy(c => char.IsDigit(c.Number[0]))
            .Select(g => $"{g.First().Number} to {g.Last().Number}");
        return new AnswerPart(
            $"There is no {string.Join(" or ", labels)} in this policy.",
            $"Its clauses are numbered {string.Join(", and ", ranges)}.",
            [], FaqId: null, Confidence: 1.0);
    }

    [GeneratedRegex(@"\bappendix\s+(?<appendix>[a-z])\b|(?:\b(?<marker>clauses?|sections?|paragraphs?|paras?|points?)\s+)?(?<![\w.])(?<number>[A-Z]\.\d+(?:\.\d+)*|\d+(?:\.\d+)*)(?!\w)", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    // "6.5", "A.3.6" — not "Appendix B", which the pack cites by name.
    [GeneratedRegex(@"^(?:\d+|[A-Z])\.\d")]
    private static partial Regex ClauseNumberShape();

    [GeneratedRegex(@"[\p{L}']+")]
    private static partial Regex Word();
}
