using PolicyBot.Dialogs.Engine;

namespace PolicyBot.Dialogs.SiteApplication;

public enum MessageIntent
{
    /// <summary>Anything else: a policy question, or something the bot does not do.</summary>
    Other,

    /// <summary>"I'd like to set up an Instagram for my class", "apply for a school Facebook page".</summary>
    StartApplication,

    /// <summary>"Can I set up a class Instagram?", "who approves a school Facebook page?": answer it, then offer the form.</summary>
    QuestionAboutSites,
}

/// <summary>
/// Tells a request to start the form from a question about sites: a question is answered (and the form offered),
/// a request starts the form.
/// </summary>
public static class SiteApplicationIntent
{
    private static readonly string[] CreateWords = ["set up", "setup", "create", "start", "open", "make", "launch", "apply", "application", "register", "new"];

    private static readonly string[] SiteWords =
    [
        "site", "page", "account", "instagram", "insta", "facebook", "twitter", "tiktok", "youtube", "blog", "channel",
        "social media", "snapchat", "linkedin", "threads", "bluesky", "x account", "group", "feed", "profile",
    ];

    private static readonly string[] Requests = ["i want", "i d like", "id like", "i would like", "i need", "we want", "we d like", "we would like", "we need", "please", "help me", "can you help me", "could you help me", "i m looking to", "im looking to", "lets", "let s"];

    public static MessageIntent Classify(string? text)
    {
        var words = ChoiceRecognizer.Normalize(text ?? string.Empty);
        if (words.Length == 0 || words.Length > 300)
        {
            return MessageIntent.Other;
        }
        var aboutCreatingASite = Mentions(words, CreateWords) && Mentions(words, SiteWords);
        if (!aboutCreatingASite)
        {
            return MessageIntent.Other;
        }
        var politeRequest = Requests.Any(r => words.StartsWith(r + " ", StringComparison.Ordinal));
        if (PolicyQuestionDetector.IsQuestion(text!, expectsFreeText: false) && !politeRequest)
        {
            return MessageIntent.QuestionAboutSites;
        }
        return MessageIntent.StartApplication;
    }

    private static bool Mentions(string words, IEnumerable<string> phrases) =>
        phrases.Any(p => $" {words} ".Contains($" {p} ", StringComparison.Ordinal) || $" {words} ".Contains($" {p}s ", StringComparison.Ordinal));
}

/// <summary>
/// Tells a question from an answer. Where the form expects free text only a question mark together with a question word
/// counts ("To share pupils' work" is an answer); elsewhere either does.
/// </summary>
public static class PolicyQuestionDetector
{
    private static readonly string[] QuestionStarts =
    [
        "can", "could", "may", "might", "should", "must", "do", "does", "did", "is", "are", "am", "was", "will", "would",
        "who", "whom", "whose", "what", "when", "where", "which", "why", "how", "is it", "am i", "are we",
    ];

    public static bool IsQuestion(string text, bool expectsFreeText)
    {
        var trimmed = text.Trim();
        var words = ChoiceRecognizer.Normalize(trimmed);
        if (words.Length == 0)
        {
            return false;
        }
        var first = words.Split(' ')[0];
        var startsLikeQuestion = QuestionStarts.Contains(first) && words.Contains(' ', StringComparison.Ordinal);
        var endsWithQuestionMark = trimmed.EndsWith('?');
        return expectsFreeText ? startsLikeQuestion && endsWithQuestionMark : startsLikeQuestion || endsWithQuestionMark;
    }
}
