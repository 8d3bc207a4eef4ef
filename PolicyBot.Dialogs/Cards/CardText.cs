using System.Text;

namespace PolicyBot.Dialogs.Cards;

/// <summary>
/// Makes user-typed text show literally in a card: Teams renders a subset of markdown in TextBlocks and facts, so
/// markdown links, emphasis, lists, headings and &lt;at&gt; mentions are escaped with a backslash.
/// </summary>
public static class CardText
{
    private const string Specials = "\\`*_{}[]()#+-.!<>~|$";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Specials.Contains(c))
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>Shortens <paramref name="text"/> to <paramref name="max"/> characters with an ellipsis, then escapes it.</summary>
    public static string EscapeShort(string? text, int max)
    {
        var value = text ?? string.Empty;
        return Escape(value.Length <= max ? value : value[..(max - 1)].TrimEnd() + "…");
    }
}
