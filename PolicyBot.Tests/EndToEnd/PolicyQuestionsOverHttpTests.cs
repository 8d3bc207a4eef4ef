using static PolicyBot.Tests.Infrastructure.JsonTree;
using System.Text.Json.Nodes;

namespace PolicyBot.Tests.EndToEnd;

/// <summary>Policy questions typed in Teams, answered by the real host over its HTTP endpoint.</summary>
public sealed class PolicyQuestionsOverHttpTests : IAsyncLifetime
{
    private StaffJourney _school = null!;

    public async Task InitializeAsync() => _school = await StaffJourney.StartAsync();

    public async Task DisposeAsync() => await _school.DisposeAsync();

    [Fact]
    public async Task AQuestionThePolicyDoesNotCover_OffersTheClosestQuestionsItAnswers_AndTappingOneAnswersIt()
    {
        var replies = await _school.SayAsync(_school.Sam, "can I livestream the school play on facebook?");

        var card = Assert.Single(replies).FirstCard!;
        Assert.Contains(StaffJourney.Texts(card), t => t.Contains("doesn't seem to cover", StringComparison.Ordinal));
        Assert.DoesNotContain(StaffJourney.Texts(card), t => t.StartsWith("Policy ", StringComparison.Ordinal));
        var closest = ImBackValues(card);
        Assert.NotEmpty(closest);

        var tapped = await _school.SayAsync(_school.Sam, closest[0]); // Teams posts an imBack button's value as the user's message
        var answer = Assert.Single(tapped).FirstCard!;
        Assert.Contains(StaffJourney.Texts(answer), t => t.StartsWith("Policy ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClauseAskedForByNumber_ComesBackInThePolicysOwnWords()
    {
        var replies = await _school.SayAsync(_school.Sam, "what does 6.5 say?");

        var texts = StaffJourney.Texts(Assert.Single(replies).FirstCard!);
        Assert.Contains(texts, t => t.StartsWith("Staff members must decline 'friend requests' from pupils", StringComparison.Ordinal));
        Assert.Contains("Policy 6.5", texts);
    }

    [Fact]
    public async Task AFollowUp_IsReadWithTheQuestionBeforeIt_AndSaysSo()
    {
        await _school.SayAsync(_school.Sam, "a yr 9 added me on insta, can I accept?");

        var replies = await _school.SayAsync(_school.Sam, "and if it's my nephew?");

        var texts = StaffJourney.Texts(Assert.Single(replies).FirstCard!);
        Assert.Contains(texts, t => t.StartsWith("Reading this with your last question", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Yes", StringComparison.Ordinal)); // family members are the exception
    }

    [Fact]
    public async Task AFollowUpWithNoQuestionBeforeIt_IsAskedForInFull()
    {
        var replies = await _school.SayAsync(_school.Sam, "and if it's my nephew?");

        var texts = StaffJourney.Texts(Assert.Single(replies).FirstCard!);
        Assert.Contains(texts, t => t.Contains("doesn't seem to cover", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("Ask it in full", StringComparison.Ordinal));
    }

    private static List<string> ImBackValues(JsonNode card) =>
        [.. Descendants(card).Select(o => o["data"]?["msteams"]).OfType<JsonObject>()
            .Where(m => m["type"]?.GetValue<string>() == "imBack").Select(m => m["value"]!.GetValue<string>())];
}
