using PolicyBot.Dialogs.Policy;

namespace PolicyBot.Tests.Policy;

public sealed class PolicyPackLoaderTests
{
    private static readonly PolicyPack Shipped = PolicyPackLoader.Load(PolicyPackLoader.DefaultPackPath);

    [Fact]
    public void ShippedPack_CarriesTitleSchoolVersionAndReviewDate()
    {
        Assert.Equal("Social Media Policy", Shipped.Title);
        Assert.Equal("July 2022", Shipped.Version);
        Assert.Contains("My Life Matters", Shipped.School);
        Assert.Contains("July2022", Shipped.ReviewDate);
    }

    [Fact]
    public void ShippedPack_HasEveryNumberedClauseOnceAndTheApprovalForm()
    {
        string[] expected =
        [
            "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "3.4", "4.1", "5.1", "5.2", "5.3", "5.4", "5.5", "5.6",
            "6.1", "6.2.1", "6.2.2", "6.3", "6.4", "6.5", "6.5.1", "6.6", "6.7", "6.8", "6.9", "6.10", "6.11", "6.12", "6.13",
            "7.1", "7.2", "7.3", "7.4", "8.1", "8.2", "9.1", "9.2", "9.3.1",
            .. Enumerable.Range(1, 7).Select(i => $"A.1.{i}"), .. Enumerable.Range(1, 7).Select(i => $"A.2.{i}"),
            .. Enumerable.Range(1, 7).Select(i => $"A.3.{i}"), .. Enumerable.Range(1, 9).Select(i => $"A.4.{i}"),
            .. Enumerable.Range(1, 7).Select(i => $"A.5.{i}"), "Appendix B",
        ];
        Assert.Equal(expected, Shipped.Clauses.Select(c => c.Number));
        Assert.StartsWith("Staff members must not have contact through any personal social medium with any pupil", Shipped.FindClause("6.2.1")!.Text);
        Assert.Contains("at least 2 approved moderators", Shipped.FindClause("Appendix B")!.Text);
    }

    [Fact]
    public void ShippedPack_CitesEveryClauseOfSectionsThreeAndFiveToNineAndAppendixA()
    {
        var cited = Shipped.Faqs.SelectMany(f => f.ClauseNumbers).ToHashSet();
        var required = Shipped.Clauses.Select(c => c.Number)
            .Where(n => n.StartsWith("A.") || n[0] is '3' or '5' or '6' or '7' or '8' or '9');
        var uncited = required.Where(n => !cited.Contains(n)).ToList();
        Assert.True(uncited.Count == 0, "Not cited by any FAQ: " + string.Join(", ", uncited));
    }

    [Fact]
    public void Load_MissingFile_NamesThePath()
    {
        var error = Assert.Throws<PolicyPackException>(() => PolicyPackLoader.Load("/nowhere/pack.json"));
        Assert.Contains("/nowhere/pack.json", error.Message);
    }

    [Theory]
    [InlineData("""{"number":"1.1","text":"Again."}""", "", "duplicate clause number '1.1'")]
    [InlineData("", ""","clauses":["9.9"]""", "cites clause '9.9', which does not exist")]
    [InlineData("", ""","verdict":"" """, "has an empty answer")]
    [InlineData("", ""","followUps":["nope"]""", "offers follow-up 'nope'")]
    [InlineData("", ""","phrasings":[]""", "needs at least one non-empty phrasing")]
    [InlineData("", ""","about":{"people":["martians"]}""", "is about 'martians', which is not a kind of 'people' in the vocabulary")]
    public void Parse_InvalidPack_NamesTheProblem(string extraClause, string faqOverride, string expected)
    {
        var error = Assert.Throws<PolicyPackException>(() => PolicyPackLoader.Parse(MinimalPack(extraClause, faqOverride)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Parse_VocabularyWhoseFacetNamesAnUnknownTerm_NamesIt()
    {
        const string vocabulary = """{ "terms": { "pupils": ["kids"] }, "facets": { "people": { "pupil": ["pupils"], "parent": ["parents"] } } }""";

        var error = Assert.Throws<PolicyPackException>(() => PolicyPackLoader.Parse(MinimalPack("", ""), vocabulary));

        Assert.Contains("'parent' of facet 'people' names 'parents', which is not one of the terms", error.Message);
    }

    [Fact]
    public void Parse_MinimalPack_Loads()
    {
        var pack = PolicyPackLoader.Parse(MinimalPack("", ""));
        Assert.Equal("1.1", pack.FindClause("1.1")!.Number);
        Assert.Equal("Intro", pack.FindClause("1.1")!.SectionTitle);
    }

    /// <summary>A valid one-clause, one-question pack; later JSON properties override earlier ones in the FAQ.</summary>
    private static string MinimalPack(string extraClause, string faqOverride) => $$"""
        {
          "title": "Test Policy", "school": "Test School", "version": "2024",
          "safeguardingFaqId": "q1",
          "sections": [ { "number": "1", "heading": "Intro", "clauses": [ {"number":"1.1","text":"Be kind."}{{(extraClause == "" ? "" : "," + extraClause)}} ] } ],
          "faqs": [ { "id": "q1", "question": "Be kind?", "phrasings": ["must i be kind"], "verdict": "Yes.", "explanation": "Clause 1.1.",
                      "clauses": ["1.1"], "followUps": [] {{faqOverride}} } ]
        }
        """;
}
