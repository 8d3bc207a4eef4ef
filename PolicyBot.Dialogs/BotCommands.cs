namespace PolicyBot.Dialogs;

/// <summary>
/// The commands staff can type or tap (the Teams app's command list uses the same words).
/// Each is matched by its words, so "my requests", "My Requests." and a button's value all reach the same handler.
/// </summary>
public static class BotCommands
{
    public const string Help = "help";
    public const string Apply = "apply for a site";
    public const string MyRequests = "my requests";
    public const string PendingApprovals = "pending approvals";
    public const string SiteRegister = "site register";
    public const string Cancel = "cancel";
    public const string Thanks = "thanks";

    /// <summary>The command a message names, from a card button's value or the typed words; null for anything else.</summary>
    public static string? Recognize(string? text, string? buttonCommand)
    {
        if (!string.IsNullOrWhiteSpace(buttonCommand))
        {
            return Normalize(buttonCommand);
        }
        var words = Normalize(text ?? string.Empty);
        return words switch
        {
            "help" or "hi" or "hello" or "hey" or "hiya" or "good morning" or "good afternoon" or "menu" or "what can you do" => Help,
            "thanks" or "thank you" or "thanks a lot" or "thank you so much" or "thx" or "ty" or "cheers" or "ta" or "great thanks"
                or "ok thanks" or "ok thank you" or "brilliant thanks" or "perfect thanks" => Thanks,
            "my requests" or "my applications" or "my request" or "status" => MyRequests,
            "pending approvals" or "pending" or "approvals" or "my approvals" => PendingApprovals,
            "site register" or "register" or "approved sites" => SiteRegister,
            "cancel" or "stop" or "quit" => Cancel,
            "apply" or "apply for a site" or "new site" or "new application" or "start application" => Apply,
            _ => null,
        };
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Trim().TrimEnd('.', '!', '?').ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
