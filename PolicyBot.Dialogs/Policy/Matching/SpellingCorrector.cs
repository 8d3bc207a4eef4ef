namespace PolicyBot.Dialogs.Policy.Matching;

/// <summary>
/// Corrects a misspelt word to the most frequent known word within a small edit distance ("frend" → "friend",
/// "facebok" → "facebook"). Words in <c>neverCorrectTo</c> are known but never produced by a correction: an everyday
/// word one letter away from a safeguarding word ("room" → "groom") must not raise a safeguarding alarm.
/// </summary>
internal sealed class SpellingCorrector
{
    private readonly Dictionary<string, int> _frequency = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<string>> _byLength = [];

    public SpellingCorrector(IEnumerable<string> lexicon, IEnumerable<string>? neverCorrectTo = null)
    {
        foreach (var word in lexicon)
            _frequency[word] = _frequency.GetValueOrDefault(word) + 1;
        var excluded = new HashSet<string>(neverCorrectTo ?? [], StringComparer.Ordinal);
        foreach (var word in _frequency.Keys.Where(w => !excluded.Contains(w)))
        {
            if (!_byLength.TryGetValue(word.Length, out var list)) _byLength[word.Length] = list = [];
            list.Add(word);
        }
    }

    public string Correct(string word)
    {
        if (word.Length < 4 || _frequency.ContainsKey(word) || word.Any(char.IsDigit)) return word;
        var allowed = word.Length >= 8 ? 2 : 1;
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestFrequency = 0;
        for (var length = word.Length - allowed; length <= word.Length + allowed; length++)
        {
            if (!_byLength.TryGetValue(length, out var candidates)) continue;
            foreach (var candidate in candidates)
            {
                var distance = Distance(word, candidate, allowed);
                if (distance > allowed) continue;
                var frequency = _frequency[candidate];
                if (distance < bestDistance || (distance == bestDistance && frequency > bestFrequency))
                    (best, bestDistance, bestFrequency) = (candidate, distance, frequency);
            }
        }
        return best ?? word;
    }

    /// <summary>Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), stopping early past <paramref name="limit"/>.</summary>
    internal static int Distance(string a, string b, int limit)
    {
        // Three rolling rows of the distance table (a swap looks two rows back), on the stack for words of everyday
        // length: an unknown word is compared with every known word of about its length.
        var width = b.Length + 1;
        Span<int> rows = width <= 64 ? stackalloc int[3 * width] : new int[3 * width];
        var twoBack = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j < width; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    value = Math.Min(value, twoBack[j - 2] + 1);
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > limit) return limit + 1;
            var spare = twoBack;
            twoBack = previous;
            previous = current;
            current = spare;
        }
        return previous[b.Length];
    }
}
