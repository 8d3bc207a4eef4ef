using System.Globalization;
using System.Text;

namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>
/// Turns a staff question into the policy's words: lower case, no punctuation, typos corrected against the pack's own words,
/// and each staff term ("insta", "mum", "work email") followed by its policy term ("social media", "family members", "school email").
/// </summary>
internal sealed class TextNormaliser
{
    // Longest first, so the first match is the longest.
    private readonly Dictionary<string, List<(string[] Variant, string Canonical)>> _variantsByFirstWord;
    // Phrases are kept as " words ", a space either side, as they are looked for in a text padded the same way.
    private readonly HashSet<string> _safeguardingPhrases;
    private readonly List<string> _safeguardingExceptions;
    private readonly HashSet<string> _topicPhrases;
    private readonly HashSet<string> _otherSubjectPhrases;
    private readonly IReadOnlyList<(string Facet, string Kind, string Phrase)> _facetPhrases;
    private readonly SpellingCorrector _spelling;

    public TextNormaliser(PolicyPack pack)
    {
        _variantsByFirstWord = pack.Vocabulary.Terms
            .SelectMany(t => t.Value.Select(v => (Variant: Tokenise(v).ToArray(), Canonical: t.Key)))
            .Where(v => v.Variant.Length > 0)
            .GroupBy(v => v.Variant[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(v => v.Variant.Length).ToList(), StringComparer.Ordinal);
        _safeguardingPhrases = [.. pack.Vocabulary.SafeguardingTerms.Select(Padded)];
        // Longest first: "knife crime awareness" must go whole before "awareness week" takes its last word and leaves "knife crime".
        _safeguardingExceptions = [.. pack.Vocabulary.SafeguardingExceptions.Select(Padded).OrderByDescending(t => t.Length)];
        _topicPhrases = [.. pack.Vocabulary.TopicTerms.Select(Padded)];
        _otherSubjectPhrases = [.. pack.Vocabulary.OtherSubjectTerms.Select(Padded)];
        _facetPhrases = [.. pack.Vocabulary.Facets.SelectMany(f => f.Value.SelectMany(k => k.Value.Select(t => (f.Key, k.Key, Padded(t)))))];

        var safeguardingWords = pack.Vocabulary.SafeguardingTerms.SelectMany(Tokenise).ToHashSet(StringComparer.Ordinal);
        var ordinaryWords = pack.Clauses.SelectMany(c => Tokenise(c.Text))
            .Concat(pack.Faqs.SelectMany(f => f.Phrasings.Append(f.Question).SelectMany(Tokenise)))
            .Concat(pack.Vocabulary.Terms.SelectMany(t => t.Value.Append(t.Key).SelectMany(Tokenise)))
            // Known words, so that "cracked" or "retweet" are not corrected into another word before they are looked for.
            .Concat(pack.Vocabulary.OtherSubjectTerms.Concat(pack.Vocabulary.TopicTerms).Concat(pack.Vocabulary.SafeguardingExceptions).SelectMany(Tokenise))
            .ToList();
        _spelling = new SpellingCorrector(ordinaryWords.Concat(safeguardingWords), neverCorrectTo: safeguardingWords.Except(ordinaryWords));
    }

    /// <summary>Lower-cased words without punctuation; apostrophes are dropped so "don't" becomes "dont".</summary>
    public static IEnumerable<string> Tokenise(string text)
    {
        var word = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(ch)) word.Append(char.ToLowerInvariant(ch));
            else if (ch is '\'' or '’' or '‘') continue;
            else if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
        }
        if (word.Length > 0) yield return word.ToString();
    }

    /// <summary>The corrected words of the question, without expansion.</summary>
    public IReadOnlyList<string> CorrectedWords(string text) => [.. Tokenise(text).Select(_spelling.Correct)];

    /// <summary>The question with each staff term followed by its policy term.</summary>
    public string Normalise(string text)
    {
        var words = CorrectedWords(text);
        var output = new List<string>(words.Count * 2);
        var added = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count;)
        {
            var match = LongestVariantAt(words, i);
            if (match is null)
            {
                output.Add(words[i++]);
                continue;
            }
            output.AddRange(words.Skip(i).Take(match.Value.Length));
            if (added.Add(match.Value.Canonical))
                output.Add(match.Value.Canonical);
            i += match.Value.Length;
        }
        return string.Join(' ', output);
    }

    /// <summary>True when the question mentions anything that suggests a child or adult at risk.</summary>
    public bool SuggestsRisk(string text)
    {
        var padded = " " + string.Join(' ', CorrectedWords(text)) + " ";
        // Each exception becomes a word no phrase contains; repeated, since matches that share a space are replaced one at a time.
        foreach (var exception in _safeguardingExceptions)
            while (padded.Contains(exception, StringComparison.Ordinal))
                padded = padded.Replace(exception, " . ", StringComparison.Ordinal);
        return ContainsAny(padded, _safeguardingPhrases);
    }

    /// <summary>True when the question, already <see cref="Normalise"/>d, mentions one of the policy's topics (or the pack lists none).</summary>
    public bool IsOnTopic(string normalised) => _topicPhrases.Count == 0 || ContainsAny(" " + normalised + " ", _topicPhrases);

    /// <summary>True when the question, already <see cref="Normalise"/>d, mentions a subject the policy does not deal with.</summary>
    public bool IsAboutOtherSubject(string normalised) => ContainsAny(" " + normalised + " ", _otherSubjectPhrases);

    /// <summary>What a question, already <see cref="Normalise"/>d, is about: the kinds it names of each vocabulary facet.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> FacetsIn(string normalised)
    {
        var padded = " " + normalised + " ";
        return _facetPhrases.Where(p => padded.Contains(p.Phrase, StringComparison.Ordinal))
            .GroupBy(p => p.Facet)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(p => p.Kind).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static bool ContainsAny(string paddedText, IEnumerable<string> paddedPhrases) =>
        paddedPhrases.Any(p => paddedText.Contains(p, StringComparison.Ordinal));

    private static string Padded(string phrase) => " " + string.Join(' ', Tokenise(phrase)) + " ";

    /// <summary>
    /// The longest staff term starting at <paramref name="start"/>. A first or last word also matches with a trailing "s" ("sisters" for
    /// "sister", "year 10s" for "year 10"): apostrophes are dropped, so "my sister's kids" arrives as "my sisters kids".
    /// </summary>
    private (int Length, string Canonical)? LongestVariantAt(IReadOnlyList<string> words, int start)
    {
        var first = words[start];
        var candidates = _variantsByFirstWord.GetValueOrDefault(first);
        if (candidates is null && first.Length > 3 && first[^1] == 's') candidates = _variantsByFirstWord.GetValueOrDefault(first[..^1]);
        foreach (var (variant, canonical) in candidates ?? [])
        {
            if (start + variant.Length > words.Count) continue;
            var same = true;
            for (var k = 1; k < variant.Length && same; k++)
                same = variant[k] == words[start + k] || (k == variant.Length - 1 && words[start + k] == variant[k] + "s");
            if (same) return (variant.Length, canonical);
        }
        return null;
    }
}
