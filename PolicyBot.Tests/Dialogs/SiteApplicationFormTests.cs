using static PolicyBot.Tests.Infrastructure.JsonTree;
using System.Text.Json.Nodes;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Cards;
using PolicyBot.Dialogs.SiteApplication;

namespace PolicyBot.Tests.Dialogs;

/// <summary>The approval form, end to end through the adapter and the SQLite store, read as conversations.</summary>
public sealed class SiteApplicationFormTests(DialogTestContext context) : IClassFixture<DialogTestContext>
{
    private const string Purpose = "A class Instagram to share Year 9 geography fieldwork photos and short write-ups.";

    /// <summary>Everything up to the go-live question, typed: Sam Taylor applies for a Humanities Instagram.</summary>
    private static TestFlow TypeUpToGoLive(TestFlow flow) => flow
        .Send("I'd like to set up an Instagram for my class")
        .AssertReply("Let's fill in your application")
        .AssertReply("Which department or team is the site for? I have Humanities")
        .Send("yes").AssertReply("Are you the author of the site, Sam Taylor?")
        .Send("yes").AssertReply("The directory says your line manager is Marcus Reid (Head of Humanities). Is that right?")
        .Send("yes").AssertReply("Why do you want to set up this site")
        .Send(Purpose).AssertReply("What do you aim to achieve")
        .Send("Pupils see each other's fieldwork and practise writing for an audience; it replaces paper displays.").AssertReply("How much time can you commit")
        .Send("An hour a week; Jordan Lee covers when I'm away.").AssertReply("How will you judge")
        .Send("Termly review of pupil work and feedback.").AssertReply("Who is the site for?")
        .Send("pupils, parents").AssertReply("Who will be able to post or comment")
        .Send("1").AssertReply("Who will administer the site?")
        .Send("Sam Taylor, jordan.lee@emlm.example").AssertReply("Who will moderate it?")
        .Send("Marcus Reid and Jordan Lee").AssertReply("Who will host the site?")
        .Send("2").AssertReply("Which service will host it")
        .Send("Instagram").AssertReply("Instagram sets a minimum age")
        .Send("yes").AssertReply("When do you propose the site goes live?");

    private static TestFlow TypeFromGoLiveToSummary(TestFlow flow) => flow
        .Send("1/9/2027").AssertReply("When do you plan to close the site?")
        .Send("31 July 2028").AssertReply("how will you inform their parents")
        .Send("A letter home with a consent slip, filed before pupils post.").AssertReply("What will you do to stop unwanted")
        .Send("Private account; followers approved by two moderators after checking they are pupils.").AssertReply("strongest privacy settings")
        .Send("yes").AssertReply("Will the site use the school logo?")
        .Send("no").AssertReply("How will posts and comments be moderated")
        .Send("Moderators check new posts daily and remove anything against the house rules.")
        .AssertReply(reply => Assert.Equal(AdaptiveCard.ContentType, reply.Attachments![0].ContentType))
        .AssertReply("That's everything. Submit it, edit a section, or cancel?");

    [Fact]
    public async Task A_teacher_completes_the_form_by_typed_text_and_it_is_submitted()
    {
        var flow = context.NewFlow();
        await TypeFromGoLiveToSummary(TypeUpToGoLive(flow))
            .Send("submit")
            .AssertReply("Submitted: Humanities Instagram site. Marcus Reid will be asked to approve it first, then Helen Carter.");

        var submitted = Assert.Single(await flow.Host.Approvals.ListByRequesterAsync(TestBotHost.UserAadId, CancellationToken.None));
        Assert.Equal(ApprovalStatus.Submitted, submitted.Status);
        Assert.Equal("Sam Taylor", submitted.Requester.DisplayName);
        Assert.Equal("00000000-0000-0000-0000-0000000000b1", submitted.LineManager.Id);
        Assert.Equal("00000000-0000-0000-0000-0000000000a1", submitted.Headteacher.Id);
        Assert.Equal(new DateOnly(2028, 7, 31), submitted.ClosureDate);
        Assert.Equal(Purpose, submitted.Application["purposeAndContent"]!.GetValue<string>());
        Assert.Equal(["Sam Taylor", "Jordan Lee"], submitted.Application["administrators"]!.AsArray().Select(p => p!["displayName"]!.GetValue<string>()));
        Assert.Equal(["Pupils", "Pupils' family members"], submitted.Application["audience"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("2027-09-01", submitted.Application["goLive"]!.GetValue<string>());

        await flow.Send("hello").AssertReply(reply => Assert.NotNull(reply.Attachments)); // the form is over: the welcome again
    }

    [Fact]
    public async Task A_teacher_completes_the_form_by_card_inputs_alone_with_the_same_result()
    {
        var flow = context.NewFlow();
        await flow
            .Send("apply").AssertReplyContains("Which department")
            .SubmitCard("Humanities").AssertReply("Are you the author")
            .SubmitCard("yes").AssertReply("line manager is Marcus Reid")
            .SubmitCard("yes").AssertReply("Why do you want")
            .SubmitCard(Purpose).AssertReply("What do you aim")
            .SubmitCard("Fieldwork shared with an audience.").AssertReply("How much time")
            .SubmitCard("An hour a week; Jordan Lee covers.").AssertReply("How will you judge")
            .SubmitCard("Termly review.").AssertReply("Who is the site for?")
            .SubmitCard("Pupils,Pupils' family members").AssertReply("Who will be able to post")
            .SubmitCard("Pupils").AssertReply("Who will administer")
            .SubmitCard("Sam Taylor, Jordan Lee").AssertReply("Who will moderate")
            .SubmitCard("Marcus Reid, Jordan Lee").AssertReply("Who will host")
            .SubmitCard(SiteApplicationChoices.ThirdPartyHost).AssertReply("Which service")
            .SubmitCard("Instagram").AssertReply("minimum age")
            .SubmitCard(SiteApplicationQuestions.MinimumAgeMet).AssertReply("goes live")
            .SubmitCard("2027-09-01").AssertReply("close the site")
            .SubmitCard("2028-07-31").AssertReply("consent")
            .SubmitCard("Letters home.").AssertReply("stop unwanted")
            .SubmitCard("Private account.").AssertReply("privacy")
            .SubmitCard("yes").AssertReply("logo")
            .SubmitCard("no").AssertReply("moderated")
            .SubmitCard("Daily checks.").AssertReply(reply => Assert.NotNull(reply.Attachments)).AssertReply("Submit it")
            .SubmitCard(SiteApplicationSummaryCard.Submit).AssertReply("Submitted: Humanities Instagram site.");

        var submitted = Assert.Single(await flow.Host.Approvals.ListByRequesterAsync(TestBotHost.UserAadId, CancellationToken.None));
        Assert.Equal("Instagram", submitted.Application["thirdPartyHostName"]!.GetValue<string>());
        Assert.Equal(["Pupils", "Pupils' family members"], submitted.Application["audience"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("2027-09-01", submitted.Application["goLive"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_restarted_bot_on_the_same_store_resumes_at_the_same_question()
    {
        var path = context.NewDatabasePath();
        var clock = new ManualClock(DialogTestContext.Start);
        await new TestFlow(new TestBotHost(path, clock))
            .Send("apply").AssertReplyContains("Which department")
            .Send("Humanities").AssertReply("Are you the author")
            .Send("yes").AssertReply("line manager")
            .Send("yes").AssertReply("Why do you want");

        await new TestFlow(new TestBotHost(path, clock))
            .Send(Purpose).AssertReply("What do you aim to achieve");
    }

    [Fact]
    public async Task A_policy_question_mid_form_is_answered_and_the_question_is_asked_again()
    {
        var answerer = new FakePolicyAnswerer();
        await context.NewFlow(answerer)
            .Send("apply").AssertReplyContains("Which department")
            .Send("Humanities").AssertReply("Are you the author")
            .Send("who approves a school Facebook page?")
            .AssertReply("Policy answer: the headteacher approves")
            .AssertReply("Now, back to your application.")
            .AssertReply("Are you the author of the site, Sam Taylor?")
            .Send("yes").AssertReply("line manager")
            .Send("yes").AssertReply("Why do you want")
            .Send("To share pupils' work").AssertReply("What do you aim to achieve")
            .Send("Can I use the school logo on Instagram?")
            .AssertReply("Policy answer")
            .AssertReply("Now, back to your application.")
            .AssertReply("What do you aim to achieve");
        Assert.DoesNotContain("To share pupils' work", answerer.Questions);
    }

    [Fact]
    public async Task A_question_the_policy_cannot_answer_is_not_taken_as_a_free_text_answer()
    {
        await context.NewFlow(new FakePolicyAnswerer())
            .Send("apply").AssertReplyContains("Which department")
            .Send("What should I put here?")
            .AssertReply("I can't answer that from the policy, so I haven't taken it as your answer. Appendix B starts with the team details")
            .AssertReply("Which department");
    }

    [Fact]
    public async Task A_submit_retried_after_a_failed_turn_creates_one_request_and_tells_the_workflow_again()
    {
        var hook = new FailingOnceSubmittedHook();
        var flow = context.NewFlow(submitted: hook);
        await TypeFromGoLiveToSummary(TypeUpToGoLive(flow));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await flow.Send("submit"));
        await flow.Send("submit").AssertReply("Submitted: Humanities Instagram site.");

        var submitted = Assert.Single(await flow.Host.Approvals.ListByRequesterAsync(TestBotHost.UserAadId, CancellationToken.None));
        Assert.Equal([submitted.Id, submitted.Id], hook.Told);
    }

    [Fact]
    public async Task Cancel_asks_first_then_discards_the_draft()
    {
        var flow = context.NewFlow();
        await flow
            .Send("apply").AssertReplyContains("Which department")
            .Send("Humanities").AssertReply("Are you the author")
            .Send("cancel").AssertReply("Cancel your application? Your answers so far will be discarded.")
            .Send("no").AssertReply("Good, let's carry on.").AssertReply("Are you the author")
            .Send("cancel").AssertReply("Cancel your application?")
            .Send("maybe").AssertReply("Please answer yes or no.")
            .SubmitCard("yes").AssertReply("Your application has been discarded.")
            .Send("apply").AssertReplyContains("Which department or team is the site for? I have Humanities");
        Assert.Empty(await flow.Host.Approvals.ListByRequesterAsync(TestBotHost.UserAadId, CancellationToken.None));
    }

    [Fact]
    public async Task A_returning_user_is_offered_continue_or_discard()
    {
        var flow = context.NewFlow();
        await flow
            .Send("apply").AssertReplyContains("Which department")
            .Send("Humanities").AssertReply("Are you the author")
            .Send("yes").AssertReply("line manager")
            .Send("hi").AssertReply("You have an application in progress (step 3 of ")
            .Send("continue").AssertReply("The directory says your line manager is Marcus Reid");

        flow.Host.Clock.Advance(TimeSpan.FromDays(3));
        await flow
            .Send("yes").AssertReply("You have an application in progress (step 3 of ")
            .Send("what?").AssertReply("Please choose Continue or Discard.")
            .SubmitCard("discard").AssertReply("Your application has been discarded.")
            .Send("apply for a school Facebook page").AssertReplyContains("Which department");
    }

    [Fact]
    public async Task Help_explains_the_current_question_and_asks_it_again()
    {
        await context.NewFlow()
            .Send("apply").AssertReplyContains("Which department")
            .Send("help").AssertReply("Appendix B starts with the team details").AssertReply("Which department");
    }

    [Fact]
    public async Task The_summary_edit_path_reasks_one_section_then_returns_to_the_summary()
    {
        var flow = context.NewFlow();
        await TypeFromGoLiveToSummary(TypeUpToGoLive(flow))
            .Send("edit purpose").AssertReply("Why do you want to set up this site")
            .Send("Fieldwork photos, edited.").AssertReply("What do you aim")
            .Send("Same aims.").AssertReply("How much time")
            .Send("Two hours a week.").AssertReply("How will you judge")
            .Send("Pupil survey.")
            .AssertReply(reply => Assert.Equal("Fieldwork photos, edited\\.", FactValue(reply.Attachments![0].Content!, "Purpose and content")))
            .AssertReply("Submit it")
            .SubmitCard(SiteApplicationSummaryCard.EditChoice(FormSection.Administration)).AssertReply("Who will administer")
            .Send("Sam Taylor, Jordan Lee").AssertReply("Who will moderate")
            .Send("Marcus Reid, Jordan Lee").AssertReply("Who will host")
            .Send("the school").AssertReply("When do you propose the site goes live?")
            .Send("next Monday").AssertReply("close")
            .Send("6/6/2027").AssertReply("Please give a date after the go-live date of 7 June 2027.")
            .Send("1 Sept 2027").AssertReply("consent")
            .Send("Letters home.").AssertReply("stop unwanted")
            .Send("Approved followers only.").AssertReply(reply => Assert.NotNull(reply.Attachments)).AssertReply("Submit it")
            .Send("submit").AssertReply("It can't be submitted yet")
            .Send("edit policy checks").AssertReply("strongest privacy")
            .Send("yes").AssertReply("School-hosted sites must always show the school logo")
            .Send("yes").AssertReply("moderated")
            .Send("Daily.").AssertReply(reply => Assert.NotNull(reply.Attachments)).AssertReply("Submit it")
            .Send("submit").AssertReply("Submitted: Humanities school\\-hosted site.");

        var submitted = Assert.Single(await flow.Host.Approvals.ListByRequesterAsync(TestBotHost.UserAadId, CancellationToken.None));
        Assert.Equal("Pupil survey.", submitted.Application["evaluation"]!.GetValue<string>());
        Assert.Equal("2027-06-07", submitted.Application["goLive"]!.GetValue<string>());
    }

    [Fact]
    public async Task User_text_in_the_summary_card_is_escaped_so_it_shows_literally()
    {
        const string Hostile = "[Approve here](https://evil.example) ${headteacher.name} <at>Helen Carter</at> **urgent**";
        await TypeFromGoLiveToSummary(TypeUpToGoLive(context.NewFlow()))
            .Send("edit purpose").AssertReply("Why do you want")
            .Send(Hostile).AssertReply("What do you aim")
            .Send("Aims.").AssertReply("How much time")
            .Send("Time.").AssertReply("How will you judge")
            .Send("Survey.")
            .AssertReply(reply =>
            {
                var shown = FactValue(reply.Attachments![0].Content!, "Purpose and content");
                Assert.Equal(CardText.Escape(Hostile), shown);
                Assert.StartsWith("\\[Approve here\\]\\(https://evil\\.example\\) \\$\\{headteacher\\.name\\} \\<at\\>", shown, StringComparison.Ordinal);
            });
    }

    /// <summary>The value a summary card shows for a fact, as the card's JSON carries it.</summary>
    public static string FactValue(JsonNode card, string title) =>
        Descendants(card).Where(n => n["title"]?.GetValue<string>() == title && n["value"] is not null).Select(n => n["value"]!.GetValue<string>()).Single();
}
