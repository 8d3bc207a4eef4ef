using PolicyBot.Dialogs.Engine;
using PolicyBot.Dialogs.SiteApplication;

namespace PolicyBot.Tests.Dialogs;

/// <summary>The small readers of typed answers: UK dates, choices, yes and no, questions and requests to apply.</summary>
public sealed class RecognizerTests
{
    private static readonly DateOnly Tuesday1June2027 = new(2027, 6, 1);

    [Theory]
    [InlineData("1/9/2027", "2027-09-01")]
    [InlineData("01/09/2027", "2027-09-01")]
    [InlineData("1-9-27", "2027-09-01")]
    [InlineData("1.9.2027", "2027-09-01")]
    [InlineData("2027-09-01", "2027-09-01")]
    [InlineData("1 Sept 2027", "2027-09-01")]
    [InlineData("1 sep 2027", "2027-09-01")]
    [InlineData("1st September 2027", "2027-09-01")]
    [InlineData("1st September", "2027-09-01")]
    [InlineData("the 1st of September", "2027-09-01")]
    [InlineData("Wednesday 1 September 2027", "2027-09-01")]
    [InlineData("September 1st, 2027", "2027-09-01")]
    [InlineData("on 3 June", "2027-06-03")]
    [InlineData("1 March", "2028-03-01")]
    [InlineData("25/12", "2027-12-25")]
    [InlineData("today", "2027-06-01")]
    [InlineData("Tomorrow.", "2027-06-02")]
    [InlineData("next Monday", "2027-06-07")]
    [InlineData("tuesday", "2027-06-08")]
    [InlineData("next week", "2027-06-08")]
    [InlineData("in 2 weeks", "2027-06-15")]
    [InlineData("in 3 days", "2027-06-04")]
    [InlineData("in a month", "2027-07-01")]
    [InlineData("29/2/2028", "2028-02-29")]
    public void Uk_dates_are_read_day_first(string text, string expected)
    {
        Assert.True(UkDateParser.TryParse(text, Tuesday1June2027, out var date), text);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("someday")]
    [InlineData("31/2/2027")]
    [InlineData("29/2/2027")]
    [InlineData("13/13/2027")]
    [InlineData("1 Smarch 2027")]
    [InlineData("in 99999 days")]
    public void What_is_not_a_date_is_refused(string text) =>
        Assert.False(UkDateParser.TryParse(text, Tuesday1June2027, out _), text);

    [Fact]
    public void Dates_are_written_back_the_way_the_school_writes_them() =>
        Assert.Equal("1 Sept 2027", UkDateParser.Format(new DateOnly(2027, 9, 1)));

    [Theory]
    [InlineData("Pupils", "Pupils")]
    [InlineData("pupils.", "Pupils")]
    [InlineData("2", "School staff")]
    [InlineData("parents", "Pupils' family members")]
    [InlineData("pupils family members", "Pupils' family members")]
    [InlineData("Pupils’ family members", "Pupils' family members")]
    [InlineData("the public", "Members of the public")]
    [InlineData("organisations", "External organisations")]
    [InlineData("other schools", "Pupils from other schools")]
    public void One_choice_is_found_by_name_number_synonym_or_its_own_words(string answer, string expected) =>
        Assert.Equal(expected, ChoiceRecognizer.RecognizeOne(answer, SiteApplicationChoices.People));

    [Theory]
    [InlineData("0")]
    [InlineData("8")]
    [InlineData("dragons")]
    [InlineData("members")]
    public void An_answer_that_fits_no_choice_or_several_is_not_a_choice(string answer) =>
        Assert.Null(ChoiceRecognizer.RecognizeOne(answer, SiteApplicationChoices.People));

    [Theory]
    [InlineData("Pupils, School staff", new[] { "Pupils", "School staff" })]
    [InlineData("pupils and parents", new[] { "Pupils", "Pupils' family members" })]
    [InlineData("1 2 6", new[] { "Pupils", "School staff", "Members of the public" })]
    [InlineData("Pupils,Pupils' family members", new[] { "Pupils", "Pupils' family members" })]
    [InlineData("staff & staff; 1", new[] { "School staff", "Pupils" })]
    public void Several_choices_are_separated_by_commas_and_or_ampersands(string answer, string[] expected)
    {
        var (chosen, unrecognized) = ChoiceRecognizer.RecognizeMany(answer, SiteApplicationChoices.People);
        Assert.Equal(expected, chosen);
        Assert.Empty(unrecognized);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Yep!", true)]
    [InlineData("that's right", true)]
    [InlineData("yes, I will", true)]
    [InlineData("No", false)]
    [InlineData("nope", false)]
    [InlineData("no thanks", false)]
    [InlineData("maybe", null)]
    public void Yes_and_no_are_read_as_people_type_them(string answer, bool? expected) => Assert.Equal(expected, YesNo.Recognize(answer));

    [Theory]
    [InlineData("I'd like to set up an Instagram for my class", MessageIntent.StartApplication)]
    [InlineData("apply for a school Facebook page", MessageIntent.StartApplication)]
    [InlineData("I want to create a YouTube channel for PE", MessageIntent.StartApplication)]
    [InlineData("Can you help me set up a Facebook page?", MessageIntent.StartApplication)]
    [InlineData("new blog for the history department", MessageIntent.StartApplication)]
    [InlineData("can I set up a class Instagram?", MessageIntent.QuestionAboutSites)]
    [InlineData("How do I create a school Twitter account?", MessageIntent.QuestionAboutSites)]
    [InlineData("who approves a school Facebook page?", MessageIntent.Other)]
    [InlineData("Can I be friends with a pupil on Facebook?", MessageIntent.Other)]
    [InlineData("What does the policy say about logos", MessageIntent.Other)]
    public void A_request_to_apply_is_told_apart_from_a_question_about_sites(string text, MessageIntent expected) =>
        Assert.Equal(expected, SiteApplicationIntent.Classify(text));

    [Theory]
    [InlineData("To share pupils' work", true, false)]
    [InlineData("How many followers we get each term", true, false)]
    [InlineData("Why? To share work.", true, false)]
    [InlineData("Who approves a school Facebook page?", true, true)]
    [InlineData("can pupils comment on it", false, true)]
    [InlineData("what is A.2.5?", false, true)]
    [InlineData("Pupils", false, false)]
    [InlineData("Sam Taylor, Jordan Lee", false, false)]
    public void A_question_is_told_apart_from_an_answer(string text, bool expectsFreeText, bool expected) =>
        Assert.Equal(expected, PolicyQuestionDetector.IsQuestion(text, expectsFreeText));
}
