using PolicyBot.Dialogs.Policy;

namespace PolicyBot.Tests.Policy;

[Collection(PolicyCollection.Name)]
public sealed class ClauseLookupTests(PolicyAnswererFixture fixture)
{
    private readonly PolicyAnswerer _answerer = fixture.Answerer;

    [Theory]
    [InlineData("what does 6.5 say?", "6.5")]
    [InlineData("6.5", "6.5")]
    [InlineData("can you show me clause a.3.6 please", "A.3.6")]
    [InlineData("What's 9.3.1 about", "9.3.1")]
    [InlineData("what’s 6.13 say", "6.13")] // a phone's curly apostrophe
    public void AClauseAskedForByNumber_IsAnsweredWithItsOwnWords(string question, string number)
    {
        var answer = _answerer.Answer(question);

        var clause = _answerer.Pack.FindClause(number)!;
        Assert.True(answer.IsCovered);
        var part = Assert.Single(answer.Parts);
        Assert.Equal([number], part.ClauseNumbers);
        Assert.Equal(clause.Text, part.Explanation);
        Assert.Contains(clause.SectionTitle, part.Verdict);
    }

    [Fact]
    public void TwoClauses_AreBothGivenInTheOrderAsked()
    {
        var answer = _answerer.Answer("what do 6.2.1 and 6.5 say");

        Assert.Equal(["6.2.1", "6.5"], answer.Parts.Select(p => p.ClauseNumbers.Single()));
    }

    [Theory]
    [InlineData("what is section 9 about", "Section 9, Breaches of the policy", new[] { "9.1", "9.2", "9.3.1" })]
    [InlineData("show me appendix a", "Appendix A", new[] { "A.1.1", "A.1.2", "A.1.3", "A.1.4", "A.1.5", "A.1.6", "A.1.7", "A.2.1", "A.2.2", "A.2.3", "A.2.4", "A.2.5", "A.2.6", "A.2.7", "A.3.1", "A.3.2", "A.3.3", "A.3.4", "A.3.5", "A.3.6", "A.3.7", "A.4.1", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6", "A.4.7", "A.4.8", "A.4.9", "A.5.1", "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.5.6", "A.5.7" })]
    [InlineData("section A.5", "Section A.5, ", new[] { "A.5.1", "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.5.6", "A.5.7" })]
    public void ASection_ListsItsClauses_WithTheirWordsOneTapAway(string question, string verdictStart, string[] clauses)
    {
        var part = Assert.Single(_answerer.Answer(question).Parts);

        Assert.StartsWith(verdictStart, part.Verdict);
        Assert.Equal(clauses, part.ClauseNumbers);
    }

    [Fact]
    public void AnAppendixThatIsOneText_IsGivenWhole()
    {
        var part = Assert.Single(_answerer.Answer("what does appendix b say?").Parts);

        Assert.Equal(["Appendix B"], part.ClauseNumbers);
        Assert.StartsWith("Appendix B, ", part.Verdict);
        Assert.Equal(_answerer.Pack.FindClause("Appendix B")!.Text, part.Explanation);
    }

    [Theory]
    [InlineData("what does 12.4 say", "clause 12.4")]
    [InlineData("clause 14", "clause 14")]
    [InlineData("show me appendix c", "Appendix C")]
    public void ANumberThePolicyDoesNotHave_IsSaidPlainly(string question, string what)
    {
        var part = Assert.Single(_answerer.Answer(question).Parts);

        Assert.Equal($"There is no {what} in this policy.", part.Verdict);
        Assert.Equal("Its clauses are numbered 1.1 to 9.3.1, and A.1.1 to A.5.7.", part.Explanation);
        Assert.Empty(part.ClauseNumbers);
    }

    [Theory]
    [InlineData("a year 9 added me on insta, can I accept?")] // a plain number is not a reference
    [InlineData("what does 6.5 say about ex pupils?")] // a number and a question: the matcher answers it
    [InlineData("can I post at 7.30 tonight about the school play?")]
    public void AQuestionThatAsksMoreThanANumber_IsNotALookup(string question)
    {
        Assert.Null(ClauseLookup.TryAnswer(_answerer.Pack, question));
    }

    [Fact]
    public void ALookupThatSuggestsAChildAtRisk_GetsTheSafeguardingAnswer()
    {
        var answer = _answerer.Answer("grooming 6.5");

        Assert.True(answer.IsSafeguarding);
    }
}
