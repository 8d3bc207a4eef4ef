using System.Text.Json.Nodes;
using PolicyBot.Dialogs.Cards;

namespace PolicyBot.Dialogs.Policy;

/// <summary>
/// The card a policy answer is shown in: the verdict first, a plain explanation, the clauses it rests on with their
/// text one tap away, follow-up questions as buttons, and a way to say whether it helped.
/// </summary>
public static class PolicyAnswerCard
{
    public static AdaptiveCard Create(PolicyAnswer answer, PolicyPack pack, AnswerFeedbackData feedback)
    {
        var body = new List<CardElement>();
        if (answer.IsSafeguarding)
        {
            body.Add(new Container([new TextBlock("Safeguarding comes first") { Weight = TextWeight.Bolder, Color = TextColor.Attention }])
            {
                Style = ContainerStyle.Attention,
            });
        }
        if (answer.ReadWithQuestion is { } earlier)
        {
            // Staff should see what their follow-up was taken to mean.
            body.Add(new TextBlock($"Reading this with your last question: \"{CardText.EscapeShort(earlier, 200)}\"") { IsSubtle = true, Size = TextSize.Small });
        }
        foreach (var (part, index) in answer.Parts.Select((p, i) => (p, i)))
        {
            body.Add(new TextBlock(part.Verdict) { Weight = TextWeight.Bolder, Size = TextSize.Medium, Separator = index > 0 ? true : null });
            body.Add(new TextBlock(part.Explanation) { Spacing = Spacing.Small });
            if (part.Citation.Length > 0)
            {
                body.Add(new TextBlock(part.Citation) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Small });
            }
        }

        var clauses = answer.ClauseNumbers.Select(pack.FindClause).OfType<PolicyClause>().ToList();
        if (clauses.Count > 0)
        {
            body.Add(new Container(clauses.SelectMany(ClauseText).ToList()) { Id = "clauses", IsVisible = false, Style = ContainerStyle.Emphasis });
        }
        body.Add(new TextBlock($"From the {CardText.Escape(pack.DisplayName)}.") { IsSubtle = true, Size = TextSize.Small });

        if (answer.FollowUpQuestions.Count > 0)
        {
            // Follow-ups sit in the body: Teams shows at most five actions at the card's foot.
            body.Add(new TextBlock("You might also ask") { IsSubtle = true, Size = TextSize.Small, Separator = true });
            body.Add(new ActionSet(answer.FollowUpQuestions.Take(3).Select(AskButton).ToList<CardAction>()));
        }

        var actions = new List<CardAction>();
        if (clauses.Count > 0)
        {
            actions.Add(new ToggleVisibilityAction("Show the policy's words", ["clauses"]));
        }
        actions.Add(FeedbackButton("It helped", feedback with { Helpful = true }));
        actions.Add(FeedbackButton("It didn't help", feedback with { Helpful = false }));

        return new AdaptiveCard
        {
            FallbackText = string.Join(" ", answer.Parts.Select(p => $"{p.Verdict} {p.Explanation} {p.Citation}")),
            Body = body,
            Actions = actions,
        };
    }

    /// <summary>
    /// The answer when the policy does not cover the question: said plainly, with who to ask instead and, when their address
    /// is known, a button that opens a Teams chat with them with the question already drafted. The questions the policy
    /// answers that came closest, if any, are offered to tap (one may be what the member of staff meant); otherwise two examples.
    /// </summary>
    public static AdaptiveCard NotCovered(string question, PolicyPack pack, string whoToAsk, string? whoToAskAddress = null,
        IReadOnlyList<string>? closestQuestions = null, bool readsAsFollowUp = false)
    {
        List<CardElement> body =
        [
            new TextBlock("The policy doesn't seem to cover that.") { Weight = TextWeight.Bolder, Size = TextSize.Medium },
            new TextBlock($"I won't guess. Please ask {CardText.Escape(whoToAsk)}, or put it another way if it is about social media.") { Spacing = Spacing.Small },
            new FactSet([new Fact("You asked", CardText.EscapeShort(question, 300))]),
        ];
        if (readsAsFollowUp)
        {
            // "what if they've left?" with no earlier question, or none it could be read with.
            body.Insert(2, new TextBlock("I can't tell what this follows on from. Ask it in full, saying who or what it is about: "
                + "\"a pupil who has left added me on Instagram, can I accept?\"") { Spacing = Spacing.Small });
        }
        List<CardAction> actions = whoToAskAddress is null ? [] : [AskInTeamsButton(question, pack, whoToAskAddress)];
        if (closestQuestions is { Count: > 0 })
        {
            body.Add(new TextBlock("Closest questions the policy answers") { IsSubtle = true, Size = TextSize.Small, Separator = true });
            body.Add(new ActionSet([.. closestQuestions.Select(AskButton)]));
        }
        else
        {
            actions.Add(AskButton("Can I accept a friend request from a pupil?"));
            actions.Add(AskButton("Who approves a new school social media site?"));
        }
        body.Add(new TextBlock($"I answer from the {CardText.Escape(pack.DisplayName)}.") { IsSubtle = true, Size = TextSize.Small });
        return new AdaptiveCard
        {
            FallbackText = $"The policy doesn't seem to cover that. Please ask {whoToAsk}.",
            Body = body,
            Actions = actions,
        };
    }

    private static OpenUrlAction AskInTeamsButton(string question, PolicyPack pack, string address) =>
        new($"Ask {pack.EscalationContact} in Teams",
            TeamsDeepLinks.StartChat(address, $"Hello, PolicyBot says the {pack.DisplayName} doesn't seem to cover this. Could you help? {question}"));

    private static IEnumerable<CardElement> ClauseText(PolicyClause clause) =>
    [
        new TextBlock($"{clause.Number} · {clause.SectionTitle}") { Weight = TextWeight.Bolder, Size = TextSize.Small },
        new TextBlock(CardText.Escape(clause.Text)) { Size = TextSize.Small, Spacing = Spacing.None },
    ];

    /// <summary>A follow-up question: Teams posts it as if the user typed it (imBack); other clients submit it as a value.</summary>
    private static SubmitAction AskButton(string question) => new(question)
    {
        Data = new JsonObject
        {
            ["msteams"] = new JsonObject { ["type"] = "imBack", ["value"] = question },
            ["question"] = question,
        },
    };

    private static SubmitAction FeedbackButton(string title, AnswerFeedbackData feedback) => new(title) { Data = feedback.ToJson() };
}
