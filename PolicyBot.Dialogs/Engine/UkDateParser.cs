using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyBot.Dialogs.Engine;

/// <summary>
/// Reads the dates people in a UK school type: 1/9/2027 (day first), 2027-09-01, 1 Sept 2027, 1st September,
/// the 1st of September, Monday 1 September, today, tomorrow, next Monday, next week, in 2 weeks, in 3 days, in a month.
/// A date without a year is the next one on or after today.
/// </summary>
public static partial class UkDateParser
{
    private static readonly string[][] MonthNames =
    [
        ["january", "jan"], ["february", "feb"], ["march", "mar"], ["april", "apr"], ["may"], ["june", "jun"],
        ["july", "jul"], ["august", "aug"], ["september", "sept", "sep"], ["october", "oct"], ["november", "nov"], ["december", "dec"],
    ];

    private static readonly string[] ShortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"];

    /// <summary>"1 Sept 2027": how the bot writes a date back.</summary>
    public static string Format(DateOnly date) => $"{date.Day} {ShortMonths[date.Month - 1]} {date.Year}";

    public static bool TryParse(string text, DateOnly today, out DateOnly date)
    {
        date = default;
        var words = Clean(text);
        if (words.Length == 0)
        {
            return false;
        }
        DateOnly? found = TryRelative(words, today) ?? TryIso(words) ?? TryNumeric(words, today) ?? TryWritten(words, today);
        date = found ?? default;
        return found is not null;
    }

    private static string Clean(string text)
    {
        var lowered = text.Trim().ToLowerInvariant().TrimEnd('.', '!', '?');
        lowered = Whitespace().Replace(lowered.Replace(",", " "), " ").Trim();
        return lowered.StartsWith("on ", StringComparison.Ordinal) ? lowered[3..] : lowered;
    }

    private static DateOnly? TryRelative(string words, DateOnly today)
    {
        switch (words)
        {
            case "today": return today;
            case "tomorrow": return today.AddDays(1);
            case "next week": return today.AddDays(7);
            case "next month": return today.AddMonths(1);
        }
        var weekday = Weekday().Match(words);
        if (weekday.Success && ParseDayOfWeek(weekday.Groups["day"].Value) is { } day)
        {
            var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
            return today.AddDays(ahead == 0 ? 7 : ahead);
        }
        var span = InSpan().Match(words);
        if (span.Success)
        {
            var count = span.Groups["count"].Value is "a" or "an" or "one" ? 1 : int.Parse(span.Groups["count"].Value, CultureInfo.InvariantCulture);
            if (count > 1200)
            {
                return null;
            }
            return span.Groups["unit"].Value switch
            {
                var u when u.StartsWith("day", StringComparison.Ordinal) => today.AddDays(count),
                var u when u.StartsWith("week", StringComparison.Ordinal) => today.AddDays(7 * count),
                var u when u.StartsWith("month", StringComparison.Ordinal) => today.AddMonths(count),
                _ => today.AddYears(count),
            };
        }
        return null;
    }

    private static DateOnly? TryIso(string words) =>
        DateOnly.TryParseExact(words, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? iso : null;

    private static DateOnly? TryNumeric(string words, DateOnly today)
    {
        var match = Numeric().Match(words);
        if (!match.Success)
        {
            return null;
        }
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
        return Build(day, month, match.Groups["year"].Success ? match.Groups["year"].Value : null, today);
    }

    private static DateOnly? TryWritten(string words, DateOnly today)
    {
        var match = DayMonth().Match(words);
        if (!match.Success)
        {
            match = MonthDay().Match(words);
        }
        if (!match.Success || ParseMonth(match.Groups["month"].Value) is not { } month)
        {
            return null;
        }
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        return Build(day, month, match.Groups["year"].Success ? match.Groups["year"].Value : null, today);
    }

    private static DateOnly? Build(int day, int month, string? yearText, DateOnly today)
    {
        if (month is < 1 or > 12 || day < 1)
        {
            return null;
        }
        if (yearText is null)
        {
            var year = today.Year;
            if (day > DateTime.DaysInMonth(year, month) && !(month == 2 && day == 29))
            {
                return null;
            }
            for (var candidate = year; candidate <= year + 8; candidate++)
            {
                if (day <= DateTime.DaysInMonth(candidate, month) && new DateOnly(candidate, month, day) >= today)
                {
                    return new DateOnly(candidate, month, day);
                }
            }
            return null;
        }
        var fullYear = int.Parse(yearText, CultureInfo.InvariantCulture);
        if (yearText.Length == 2)
        {
            fullYear += 2000;
        }
        if (fullYear is < 1900 or > 2200 || day > DateTime.DaysInMonth(fullYear, month))
        {
            return null;
        }
        return new DateOnly(fullYear, month, day);
    }

    private static int? ParseMonth(string word)
    {
        for (var i = 0; i < MonthNames.Length; i++)
        {
            if (MonthNames[i].Contains(word))
            {
                return i + 1;
            }
        }
        return null;
    }

    private static DayOfWeek? ParseDayOfWeek(string word) =>
        Enum.GetValues<DayOfWeek>().Cast<DayOfWeek?>().FirstOrDefault(d =>
            d!.Value.ToString().StartsWith(word, StringComparison.OrdinalIgnoreCase) && word.Length >= 3);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(?:(?:next|this|on|coming|the)\s+)?(?<day>[a-z]{3,9})$")]
    private static partial Regex Weekday();

    [GeneratedRegex(@"^in\s+(?<count>\d{1,4}|a|an|one)\s+(?<unit>days?|weeks?|months?|years?)(?:\s+time)?$")]
    private static partial Regex InSpan();

    [GeneratedRegex(@"^(?<day>\d{1,2})[/.\-](?<month>\d{1,2})(?:[/.\-](?<year>\d{4}|\d{2}))?$")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"^(?:[a-z]{3,9}\s+)?(?:the\s+)?(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<month>[a-z]{3,9})(?:\s+(?<year>\d{4}))?$")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"^(?<month>[a-z]{3,9})\s+(?:the\s+)?(?<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+(?<year>\d{4}))?$")]
    private static partial Regex MonthDay();
}
