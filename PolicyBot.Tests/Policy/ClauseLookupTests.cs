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
    [InlineData("what is section 9 about", "9", new[] { "9.1", "9.2", "9.3.1" })]
    [InlineData("section A.5", "A.5", new[] { "A.5.1", "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.5.6", "A.5.7" })]
    public void ASection_ListsItsClauses_WithTheirWordsOneTapAway(string question, string section, string[] clauses)
    {
        var part = Assert.Single(_answerer.Answer(question).Parts);

        Assert.StartsWith($"Section {section}, ", part.Verdict);
        Assert.Equal(clauses, part.ClauseNumbers);
    }

    [Theory]
    [InlineData("what does 12.4 say", "12.4")]
    [InlineData("clause 14", "14")]
    public void ANumberThePolicyDoesNotHave_IsSaidPlainly(string question, string number)
    {
        var part = Assert.Single(_answerer.Answer(question).Parts);

        Assert.Equal($"There is no clause {number} in this policy.", part.Verdict);
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
