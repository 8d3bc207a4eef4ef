using PolicyBot.Dialogs.Policy;
using PolicyBot.Dialogs.Policy.Matching;

namespace PolicyBot.Tests.Policy;

public sealed class TextNormaliserTests
{
    private static readonly TextNormaliser Normaliser = new(PolicyPackLoader.Load(PolicyPackLoader.DefaultPackPath));

    [Theory]
    [InlineData("Can the kids add me on Insta?", "pupils")]
    [InlineData("Can the kids add me on Insta?", "social media")]
    [InlineData("a student's mum sent me a request", "parents")]
    [InlineData("can I use my work email for tiktok", "school email")]
    [InlineData("my niece is in year 9", "family member")]
    [InlineData("who signs off the new page", "approval")]
    public void Normalise_AddsThePolicyTermForStaffWords(string question, string policyTerm) =>
        Assert.Contains(policyTerm, Normaliser.Normalise(question));

    [Theory]
    [InlineData("can i acept a frend reqest", "can i accept a friend request")]
    [InlineData("facebok", "facebook")]
    [InlineData("Don't!", "dont")]
    public void CorrectedWords_FixesTyposAgainstThePacksWords(string typed, string expected) =>
        Assert.Equal(expected, string.Join(' ', Normaliser.CorrectedWords(typed)));

    [Theory]
    [InlineData("I think a pupil is being groomed", true)]
    [InlineData("a student posted about self harm", true)]
    [InlineData("a kid told me on snap that her stepdad hits her", true)]
    [InlineData("can I accept a friend request", false)]
    [InlineData("is disclosure of confidential information a breach?", false)]
    [InlineData("is my job at risk if I post this?", false)]
    public void SuggestsRisk_SpotsSafeguardingWords(string question, bool expected) =>
        Assert.Equal(expected, Normaliser.SuggestsRisk(question));
}
