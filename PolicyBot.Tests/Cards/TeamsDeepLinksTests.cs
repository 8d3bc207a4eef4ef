using System.Web;
using PolicyBot.Dialogs.Cards;
using PolicyBot.Dialogs.Policy;

namespace PolicyBot.Tests.Cards;

public sealed class TeamsDeepLinksTests
{
    [Fact]
    public void StartChat_EncodesWhatWasTyped_SoItCannotAddParametersOrLeaveTheLink()
    {
        const string typed = "can I? &users=mallory@evil.example#x <b>${name}</b> 100%";

        var link = new Uri(TeamsDeepLinks.StartChat("helen.carter@emlm.example", typed));

        Assert.Equal("https://teams.microsoft.com/l/chat/0/0", link.GetLeftPart(UriPartial.Path));
        Assert.Empty(link.Fragment);
        var query = HttpUtility.ParseQueryString(link.Query);
        Assert.Equal(["users", "message"], query.AllKeys.Select(k => k ?? ""));
        Assert.Equal("helen.carter@emlm.example", query["users"]);
        Assert.Equal(typed, query["message"]);
    }

    [Fact]
    public void StartChat_CutsALongDraft()
    {
        var link = new Uri(TeamsDeepLinks.StartChat("head@school.example", new string('a', 5_000)));

        Assert.Equal(TeamsDeepLinks.MaxMessageLength, HttpUtility.ParseQueryString(link.Query)["message"]!.Length);
    }

    [Fact]
    public void NotCoveredCard_OffersAChatWithTheHeadteacher_OnlyWhenTheirAddressIsKnown()
    {
        var pack = PolicyPackLoader.Load(PolicyPackLoader.DefaultPackPath);

        var withAddress = PolicyAnswerCard.NotCovered("where do I park?", pack, "Helen Carter (Headteacher)", "helen.carter@emlm.example");
        var withoutAddress = PolicyAnswerCard.NotCovered("where do I park?", pack, "the Headteacher");

        var ask = Assert.IsType<OpenUrlAction>(withAddress.Actions![0]);
        Assert.Equal("Ask the Headteacher in Teams", ask.Title);
        Assert.Contains("where do I park?", HttpUtility.ParseQueryString(new Uri(ask.Url).Query)["message"]);
        Assert.DoesNotContain(withoutAddress.Actions!, a => a is OpenUrlAction);
    }

    [Fact]
    public void NotCoveredCard_ForAFollowUp_AsksForTheQuestionInFull_AndStillNamesWhoToAsk()
    {
        var pack = PolicyPackLoader.Load(PolicyPackLoader.DefaultPackPath);

        var followUp = PolicyAnswerCard.NotCovered("what if they've left?", pack, "the Headteacher", readsAsFollowUp: true);
        var plain = PolicyAnswerCard.NotCovered("where do I park?", pack, "the Headteacher");

        var texts = followUp.Body.OfType<TextBlock>().Select(t => t.Text).ToList();
        Assert.Contains(texts, t => t.Contains("Ask it in full", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("Please ask the Headteacher", StringComparison.Ordinal));
        Assert.DoesNotContain(plain.Body.OfType<TextBlock>(), t => t.Text.Contains("Ask it in full", StringComparison.Ordinal));
    }

    [Fact]
    public void NotCoveredCard_OffersTheClosestQuestions_InPlaceOfTheExamples()
    {
        var pack = PolicyPackLoader.Load(PolicyPackLoader.DefaultPackPath);
        string[] closest = [pack.Faqs[0].Question, pack.Faqs[1].Question];

        var withClosest = PolicyAnswerCard.NotCovered("can I livestream the play?", pack, "the Headteacher", closestQuestions: closest);
        var withoutClosest = PolicyAnswerCard.NotCovered("where do I park?", pack, "the Headteacher");

        var buttons = withClosest.Body.OfType<ActionSet>().Single().Actions.Cast<SubmitAction>();
        Assert.Equal(closest, buttons.Select(b => b.Title));
        Assert.Equal(closest, buttons.Select(b => b.Data!["msteams"]!["value"]!.GetValue<string>()));
        Assert.Empty(withClosest.Actions!);
        Assert.Equal(2, withoutClosest.Actions!.Count);
        Assert.Empty(withoutClosest.Body.OfType<ActionSet>());
    }
}
