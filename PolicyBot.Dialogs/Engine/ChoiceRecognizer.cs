using System.Text;
using System.Text.RegularExpressions;

namespace PolicyBot.Dialogs.Engine;

/// <summary>
/// Finds the choices a typed answer names: by number, by name or synonym (case and punctuation ignored), or by words
/// that fit one choice only. Several choices may be separated by commas, semicolons, "and" or "&amp;".
/// </summary>
public static partial class ChoiceRecognizer
{
    public static string? RecognizeOne(string answer, IReadOnlyList<PromptChoice> choices) => RecognizeOne(answer, choices, allowPartial: true);

    private static string? RecognizeOne(string answer, IReadOnlyList<PromptChoice> choices, bool allowPartial)
    {
        var words = Normalize(answer);
        if (words.Length == 0)
        {
            return null;
        }
        if (int.TryParse(words, out var number))
        {
            return number >= 1 && number <= choices.Count ? choices[number - 1].Value : null;
        }
        var exact = choices.FirstOrDefault(c => Names(c).Any(name => name == words));
        if (exact is not null)
        {
            return exact.Value;
        }
        if (!allowPartial)
        {
            return null;
        }
        var answerWords = words.Split(' ');
        var partial = choices.Where(c => Names(c).Any(name => answerWords.All(name.Split(' ').Contains))).ToList();
        return partial.Count == 1 ? partial[0].Value : null;
    }

    /// <summary>The choices named, in the order given and without repeats, and the parts that name none.</summary>
    public static (IReadOnlyList<string> Chosen, IReadOnlyList<string> Unrecognized) RecognizeMany(string answer, IReadOnlyList<PromptChoice> choices)
    {
        if (RecognizeOne(answer, choices, allowPartial: false) is { } whole)
        {
            return ([whole], []);
        }
        var parts = Separator().Split(answer).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (parts.Count == 1 && parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 1 } numbers && numbers.All(n => int.TryParse(n, out _)))
        {
            parts = [.. numbers];
        }
        var chosen = new List<string>();
        var unrecognized = new List<string>();
        foreach (var part in parts)
        {
            if (RecognizeOne(part, choices) is { } choice)
            {
                if (!chosen.Contains(choice))
                {
                    chosen.Add(choice);
                }
            }
            else
            {
                unrecognized.Add(part);
            }
        }
        return (chosen, unrecognized);
    }

    /// <summary>Lower case, apostrophes dropped, other punctuation made a space, spaces collapsed, a leading "the" dropped.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is '\'' or '\u2019')
            {
                continue;
            }
            builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }
        var words = builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1 && words[0] == "the")
        {
            words.RemoveAt(0);
        }
        return string.Join(' ', words);
    }

    private static IEnumerable<string> Names(PromptChoice choice) =>
        new[] { choice.Value }.Concat(choice.Synonyms ?? []).Select(Normalize);

    [GeneratedRegex(@"\s*(?:,|;|&|\+|/|\band\b|\bplus\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Separator();
}
