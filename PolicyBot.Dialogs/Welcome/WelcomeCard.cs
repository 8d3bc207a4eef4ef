using System.Text.Json.Nodes;
using PolicyBot.Dialogs.Cards;

namespace PolicyBot.Dialogs.Welcome;

/// <summary>The two-line welcome with the main actions as buttons.</summary>
public static class WelcomeCard
{
    public static AdaptiveCard Create(string schoolName) => new()
    {
        FallbackText = $"Hi, I'm PolicyBot. Ask me anything about {schoolName}'s social media policy, or apply to set up a school social media site.",
        Body =
        [
            new TextBlock($"Hi, I'm PolicyBot: ask me anything about {CardText.Escape(schoolName)}'s social media policy and I'll answer with the clauses it rests on.") { Weight = TextWeight.Bolder },
            new TextBlock("I also take your application for a school social media site to your line manager and the headteacher, and tell you where it stands."),
        ],
        Actions =
        [
            Command("Ask a question", BotCommands.Help),
            Command("Apply for a site", BotCommands.Apply),
            Command("My requests", BotCommands.MyRequests),
        ],
    };

    /// <summary>After a policy answer about setting up a site: the offer to start the approval form.</summary>
    public static AdaptiveCard ApplyOffer() => new()
    {
        FallbackText = "To set up a school site, apply with the approval form (A.3.6): say apply.",
        Body = [new TextBlock("Every school site needs the approval form first (A.3.6). I can take you through it now.")],
        Actions = [Command("Apply for a site", BotCommands.Apply)],
    };

    /// <summary>A button that sends a command to the bot as a message whose value names it (works in every Teams client).</summary>
    public static SubmitAction Command(string title, string command) =>
        new(title) { Data = new JsonObject { ["command"] = command } };
}
