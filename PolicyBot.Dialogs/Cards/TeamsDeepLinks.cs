namespace PolicyBot.Dialogs.Cards;

/// <summary>Teams deep links a card's Action.OpenUrl can carry.</summary>
public static class TeamsDeepLinks
{
    /// <summary>Longest draft message put in a link: the whole URL has to stay well under browsers' and Teams' limits.</summary>
    public const int MaxMessageLength = 500;

    /// <summary>
    /// Opens (or creates, as a draft) the 1:1 chat with <paramref name="userPrincipalName"/>, with <paramref name="message"/>
    /// in the compose box for the user to read and send: <c>https://teams.microsoft.com/l/chat/0/0?users=…&amp;message=…</c>.
    /// Both values are percent-encoded, so nothing typed can add a parameter or leave the link.
    /// </summary>
    public static string StartChat(string userPrincipalName, string message)
    {
        var draft = message.Length <= MaxMessageLength ? message : message[..(MaxMessageLength - 1)] + "…";
        return $"https://teams.microsoft.com/l/chat/0/0?users={Uri.EscapeDataString(userPrincipalName)}&message={Uri.EscapeDataString(draft)}";
    }
}
