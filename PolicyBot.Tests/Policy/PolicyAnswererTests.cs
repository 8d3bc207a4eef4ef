using PolicyBot.Dialogs.Policy;

namespace PolicyBot.Tests.Policy;

[Collection(PolicyCollection.Name)]
public sealed class PolicyAnswererTests(PolicyAnswererFixture fixture)
{
    private readonly PolicyAnswerer _answerer = fixture.Answerer;

    [Fact]
    public void PupilFriendRequest_IsDeclinedWithTheClausesAndFollowUps()
    {
        var answer = _answerer.Answer("a yr9 kid added me on insta, can i accept??");

        Assert.True(answer.IsCovered);
        Assert.False(answer.IsSafeguarding);
        var part = answer.Parts[0];
        Assert.StartsWith("No", part.Verdict);
        Assert.Equal(["6.5", "6.2.1"], part.ClauseNumbers);
        Assert.Equal("Policy 6.5, 6.2.1", part.Citation);
        Assert.InRange(answer.FollowUpQuestions.Count, 2, 3);
        Assert.Equal("Social Media Policy, July 2022 (Education – My Life Matters (CIC))", answer.PolicyVersion);
    }

    [Fact]
    public void FamilyMemberException_IsAllowed()
    {
        var answer = _answerer.Answer("my nephew is a pupil here, can we still be friends on facebook?");

        Assert.StartsWith("Yes", answer.Parts[0].Verdict);
        Assert.Contains("6.2.1", answer.Parts[0].ClauseNumbers);
    }

    [Theory]
    [InlineData("the head of year sent me a friend request on instagram, can I accept?")]
    [InlineData("my line manager wants to add me on facebook")]
    public void FriendRequestFromAColleague_IsAboutColleaguesNotPupils(string question)
    {
        var answer = _answerer.Answer(question);

        Assert.Equal(["6.12"], answer.Parts[0].ClauseNumbers);
        Assert.StartsWith("Yes", answer.Parts[0].Verdict);
    }

    [Fact]
    public void APupilsRelative_IsAPupilsFamilyMember_NotMine()
    {
        var answer = _answerer.Answer("a pupil's uncle sent me a friend request on facebook");

        Assert.Equal(["6.3"], answer.Parts[0].ClauseNumbers);
    }

    [Theory]
    [InlineData("can I put my personal mobile number on the school's instagram bio so parents can reach me?", "A.4.8")]
    [InlineData("can I use my school email address to sign up for my personal tiktok?", "6.8")]
    public void ContactDetails_AreAnsweredForTheKindOfSiteNamed(string question, string clause) =>
        Assert.Equal(clause, _answerer.Answer(question).Parts[0].ClauseNumbers[0]);

    [Fact]
    public void FriendRequestFromAColleaguesChildInMyClass_IsStillAboutAPupil()
    {
        var answer = _answerer.Answer("a colleague's daughter is in my year 8 class and sent me a friend request on snap");

        Assert.StartsWith("No", answer.Parts[0].Verdict);
        Assert.Contains("6.2.1", answer.Parts[0].ClauseNumbers);
    }

    [Fact]
    public void ChildAtRisk_PutsTheDutyToInformFirst_AndStillAnswersTheRest()
    {
        var answer = _answerer.Answer("I think a pupil is being groomed through the class page. Also, who moderates the school site?");

        Assert.True(answer.IsSafeguarding);
        Assert.Equal(["A.2.3", "A.5.5"], answer.Parts[0].ClauseNumbers);
        Assert.Contains("appropriate authorities immediately", answer.Parts[0].Verdict);
        Assert.Contains(answer.Parts.Skip(1), p => p.ClauseNumbers.Contains("A.5.3") || p.ClauseNumbers.Contains("A.5.4"));
    }

    [Theory]
    [InlineData("a pupil messaged the class page saying she wants to end it all")]
    [InlineData("I think one of my year 10s is talking to an older man she met on snapchat")]
    // A trigger word beside an everyday phrase that contains it ("dog grooming") still counts.
    [InlineData("my dog grooming page got a follow from an adult who I think is grooming one of my year 8s")]
    [InlineData("a learner commented on the school page that things at home aren't safe")]
    [InlineData("one of my year 9s says older lads are making him carry packages for them")]
    public void ChildAtRiskWithoutATriggerWord_OrBesideAnEverydayUseOfOne_IsStillSafeguarding(string question)
    {
        var answer = _answerer.Answer(question);

        Assert.True(answer.IsSafeguarding);
        Assert.Equal(["A.2.3", "A.5.5"], answer.Parts[0].ClauseNumbers);
    }

    [Theory]
    [InlineData("a parent keeps sending me abusive messages on facebook, what can I do")]
    [InlineData("a colleague is being really rude to me in the staff whatsapp group")]
    public void AbuseAimedAtStaff_IsNotASafeguardingDisclosure(string question) =>
        Assert.False(_answerer.Answer(question).IsSafeguarding);

    [Theory]
    [InlineData("how do I book a room for a parents evening?")]
    [InlineData("can I use the staff room microwave")]
    [InlineData("can I share my friend's pet grooming business on my facebook?")]
    [InlineData("is it ok to post the year 9 art display done with a palette knife on the school insta?")]
    [InlineData("can we post about knife crime awareness week on the school page?")]
    public void EverydayWordsNextToASafeguardingWord_AreNotCorrectedIntoOne_OrReadAsOne(string question) =>
        Assert.False(_answerer.Answer(question).IsSafeguarding);

    [Fact]
    public void RacistCommentOnASchoolPage_IsRemovedUnderA55_NotASafeguardingDisclosure()
    {
        var answer = _answerer.Answer("a dad posted a racist comment under our class page's photo, what now?");

        Assert.False(answer.IsSafeguarding);
        Assert.Equal("A.5.5", answer.Parts[0].ClauseNumbers[0]);
        Assert.StartsWith("Remove it", answer.Parts[0].Verdict);
    }

    [Fact]
    public void TwoPartQuestion_AnswersBothParts()
    {
        var answer = _answerer.Answer("Can I put sports day pics on my own FB? And who signs off a school TikTok?");

        Assert.Contains(answer.Parts, p => p.ClauseNumbers.Contains("6.7"));
        Assert.Contains(answer.Parts, p => p.ClauseNumbers.Contains("A.3.2"));
    }

    [Theory]
    [InlineData("How many days of annual leave do I get?")]
    [InlineData("What is the lunch menu on Friday?")]
    [InlineData("the projector in my room stopped working during my instagram lesson, who fixes it?")]
    [InlineData("my phone screen cracked on the school trip, does the school insurance cover it?")]
    // About another subject in every sentence, though the last alone looks like a policy question.
    [InlineData("my teams keeps crashing when I open it. how do I see my work emails on my own phone instead?")]
    [InlineData("the printer in the staff room keeps jamming. can i print things from the school facebook page on my own phone?")]
    public void OffPolicyQuestion_IsNotCovered_AndOffersNoPolicyQuestions(string question)
    {
        var answer = _answerer.Answer(question);

        Assert.False(answer.IsCovered);
        Assert.Empty(answer.Parts);
        Assert.Equal("the Headteacher", answer.EscalationContact);
        Assert.True(answer.Confidence < _answerer.Options.Threshold);
        Assert.Empty(answer.ClosestQuestions); // about another subject: no policy questions to offer
    }

    [Fact]
    public void AnIrrelevantComplaintBeforeAClearPolicyQuestion_StillGetsItsAnswer()
    {
        var answer = _answerer.Answer("the wifi keeps dropping in my room. can I use my school email for my own facebook?");

        Assert.Contains("6.8", answer.ClauseNumbers);
    }

    [Fact]
    public void NotCoveredButAboutSocialMedia_OffersTheClosestCuratedQuestions_NotAsAnAnswer()
    {
        var answer = _answerer.Answer("can I livestream the school play on facebook?");

        Assert.False(answer.IsCovered);
        Assert.Empty(answer.ClauseNumbers);
        Assert.InRange(answer.ClosestQuestions.Count, 1, 2);
        Assert.All(answer.ClosestQuestions, q => Assert.Contains(_answerer.Pack.Faqs, f => f.Question == q));
    }

    [Theory]
    [InlineData("what if they've left?")]
    [InlineData("and if it's my nephew?")]
    [InlineData("What about parents?")]
    [InlineData("ok but what if they're 18")]
    public void AFollowUpThatLostItsQuestion_IsNotCovered_AndSaysSo(string question)
    {
        var answer = _answerer.Answer(question);

        Assert.False(answer.IsCovered);
        Assert.True(answer.ReadsAsFollowUp);
    }

    [Theory]
    [InlineData("a yr 9 added me on insta, can I accept?", "what if they've left?", "6.5.1")]
    [InlineData("a yr 9 added me on insta, can I accept?", "and if it's my nephew?", "6.2.2")]
    public void AFollowUp_IsReadWithTheQuestionBeforeIt(string previous, string followUp, string clause)
    {
        var answer = _answerer.Answer(followUp, previous);

        Assert.True(answer.IsCovered);
        Assert.Equal(previous, answer.ReadWithQuestion);
        Assert.Contains(clause, answer.ClauseNumbers);
        Assert.DoesNotContain("pupil-friend-request", answer.Parts.Select(p => p.FaqId)); // not the earlier question's answer again
    }

    [Theory]
    [InlineData("can I use my work email for my own facebook?", "what about twitter?")] // nothing both readings support
    [InlineData("a yr 9 added me on insta, can I accept?", "what if they're 18?")]
    public void AFollowUp_ThatNoAnswerFitsWithTheQuestionBeforeIt_IsStillAskedForInFull(string previous, string followUp)
    {
        var answer = _answerer.Answer(followUp, previous);

        Assert.False(answer.IsCovered);
        Assert.True(answer.ReadsAsFollowUp);
        Assert.Null(answer.ReadWithQuestion);
    }

    [Fact]
    public void AQuestionCoveredOnItsOwn_IsNotReadWithTheOneBeforeIt()
    {
        var answer = _answerer.Answer("who approves a new school facebook page?", "a yr 9 added me on insta, can I accept?");

        Assert.Null(answer.ReadWithQuestion);
        Assert.Contains(answer.ClauseNumbers, c => c.StartsWith("A.3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("How many days of annual leave do I get?")]
    [InlineData("can I livestream the school play on facebook?")]
    [InlineData("what if a parent asks me to join their whatsapp group about the class trip next month?")] // a question in full
    public void AQuestionInFull_DoesNotReadAsAFollowUp(string question) =>
        Assert.False(_answerer.Answer(question).ReadsAsFollowUp);

    [Fact]
    public void ACoveredQuestion_HasNoClosestQuestions() =>
        Assert.Empty(_answerer.Answer("a year 9 added me on insta, can I accept?").ClosestQuestions);

    [Fact]
    public void ApprovalProcess_NamesTheMinimumAdministratorsAndModerators()
    {
        var answer = _answerer.Answer("how many admins and mods does a school insta account need?");

        Assert.Contains("at least two approved administrators and at least two approved moderators", answer.Parts[0].Verdict, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void EveryCitedClause_ResolvesToItsText()
    {
        var answer = _answerer.Answer("can I use my school email for twitter?");

        Assert.All(answer.ClauseNumbers, n => Assert.NotNull(_answerer.Pack.FindClause(n)));
    }

    // "What does the policy say about X?" is answered with the policy's rules on X, not declined for being broad.
    [Theory]
    [InlineData("what does the policy say about pupils?", "overview-pupils", "6.2.1")]
    [InlineData("what does the policy say about parents", "overview-parents", "6.3")]
    [InlineData("what does the policy say about the logo?", "overview-logo", "6.10")]
    [InlineData("can you summarise the policy for me", "overview-main-rules", "5.1")]
    public void ABroadQuestionAboutATopic_GetsTheTopicsRules(string question, string faqId, string firstClause)
    {
        var part = _answerer.Answer(question).Parts[0];

        Assert.Equal(faqId, part.FaqId);
        Assert.Equal(firstClause, part.ClauseNumbers[0]);
    }
}
