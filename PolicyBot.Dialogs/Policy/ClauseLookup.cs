using System.Text.RegularExpressions;

namespace PolicyBot.Dialogs.Policy;

/// <summary>
/// "what does 6.5 say?", "clause A.3.6", "section 9": the policy's own words for what is asked for by number, when the message
/// asks for nothing else. A number that is not one of the pack's clauses ("7.30", "year 9") is not a reference, and a plain
/// number is a section only after "section" or "clause"; a question that also says something else goes to the matcher.
/// </summary>
public static partial class ClauseLookup
{
    private const int MaxClauses = 4;

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
        if (references.Count == 0 || references.Any(r => !r.Groups["marker"].Success && !r.Groups["number"].Value.Contains('.')))
        {
            return null; // "year 9", "2 pupils": a plain number is not a reference
        }
        var rest = Reference().Replace(question, " ");
        if (Word().Matches(rest).Any(w => !LookupWords.Contains(w.Value)))
        {
            return null; // it asks something else too: the matcher answers it
        }
        var parts = references.Select(r => Resolve(pack, r.Groups["number"].Value.ToUpperInvariant())).ToList();
        if (parts.Any(p => p is null))
        {
            var unknown = references.Select(r => r.Groups["number"].Value.ToUpperInvariant()).Where((_, i) => parts[i] is null).Distinct();
            return [NoSuchClause(pack, unknown)];
        }
        var distinct = parts.OfType<AnswerPart>().DistinctBy(p => string.Join(",", p.ClauseNumbers)).ToList();
        return distinct.Count <= MaxClauses ? distinct : null;
    }

    private static AnswerPart? Resolve(PolicyPack pack, string number)
    {
        if (pack.FindClause(number) is { } clause)
        {
            return new AnswerPart($"Policy {clause.Number}, {clause.SectionTitle}:", clause.Text, [clause.Number], FaqId: null, Confidence: 1.0);
        }
        var section = pack.Clauses.Where(c => c.Number.StartsWith(number + ".", StringComparison.Ordinal)).ToList();
        if (section.Count == 0)
        {
            return null;
        }
        var numbers = section.Select(c => c.Number).ToList();
        return new AnswerPart(
            $"Section {number}, {section[0].SectionTitle}",
            $"It has {numbers.Count} clause{(numbers.Count == 1 ? "" : "s")}: {string.Join(", ", numbers)}. Their words are one tap away.",
            numbers, FaqId: null, Confidence: 1.0);
    }

    /// <summary>"There is no clause 12.4 in this policy", with the numbers it does have.</summary>
    private static AnswerPart NoSuchClause(PolicyPack pack, IEnumerable<string> numbers)
    {
        var ranges = pack.Clauses.Where(c => Numbered().IsMatch(c.Number)).GroupBy(c => char.IsDigit(c.Number[0]))
            .Select(g => $"{g.First().Number} to {g.Last().Number}");
        return new AnswerPart(
            $"There is no clause {string.Join(" or ", numbers)} in this policy.",
            $"Its clauses are numbered {string.Join(", and ", ranges)}.",
            [], FaqId: null, Confidence: 1.0);
    }

    [GeneratedRegex(@"(?:\b(?<marker>clauses?|sections?|paragraphs?|paras?|points?)\s+)?(?<![\w.])(?<number>[A-Z]\.\d+(?:\.\d+)*|\d+(?:\.\d+)*)(?!\w)", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    // "6.5", "A.3.6" — not "Appendix B", which the pack cites by name.
    [GeneratedRegex(@"^(?:\d+|[A-Z])\.\d")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"[\p{L}']+")]
    private static partial Regex Word();
}
