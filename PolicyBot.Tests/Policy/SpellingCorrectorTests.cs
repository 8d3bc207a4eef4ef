using PolicyBot.Dialogs.Policy.Matching;

namespace PolicyBot.Tests.Policy;

public sealed class SpellingCorrectorTests
{
    [Theory]
    [InlineData("frend", "friend", 2, 1)]
    [InlineData("facebok", "facebook", 2, 1)]
    [InlineData("form", "from", 2, 1)] // an adjacent swap is one edit
    [InlineData("kitten", "sitting", 3, 3)]
    [InlineData("abc", "ca", 3, 3)] // optimal string alignment: no edit of a swapped pair (true Damerau–Levenshtein says 2)
    [InlineData("", "abc", 3, 3)]
    [InlineData("abc", "", 3, 3)]
    [InlineData("policy", "policy", 1, 0)]
    [InlineData("abcdef", "uvwxyz", 1, 2)] // stops past the limit: limit + 1
    public void Distance_IsTheOptimalStringAlignmentDistance(string a, string b, int limit, int expected) =>
        Assert.Equal(expected, SpellingCorrector.Distance(a, b, limit));

    [Fact]
    public void Distance_OfLongWords_IsCountedInFull()
    {
        var a = new string('a', 100) + "bc";
        var b = new string('a', 100) + "cb";
        Assert.Equal(1, SpellingCorrector.Distance(a, b, 2));
    }

    [Fact]
    public void Correct_PicksTheMostFrequentWordWithinReach_AndNeverAnExcludedOne()
    {
        var corrector = new SpellingCorrector(["friend", "friend", "fiend", "groom", "room"], neverCorrectTo: ["groom"]);

        Assert.Equal("friend", corrector.Correct("frend")); // "fiend" is one edit away too, but rarer
        Assert.Equal("grom", corrector.Correct("grom")); // "groom" is one edit away but never produced
    }
}
