using System.Text.Json.Nodes;
using PolicyBot.Dialogs.Directory;
using PolicyBot.Dialogs.Engine;

namespace PolicyBot.Tests.Dialogs;

/// <summary>Each question's checks: what does not fit is asked again with the specific reason.</summary>
public sealed class SiteApplicationValidationTests(DialogTestContext context) : IClassFixture<DialogTestContext>
{
    private TestFlow StartToPurpose() => context.NewFlow()
        .Send("apply").AssertReplyContains("Which department")
        .Send("Humanities").AssertReply("Are you the author")
        .Send("yes").AssertReply("line manager")
        .Send("yes").AssertReply("Why do you want");

    private TestFlow StartToAudience() => StartToPurpose()
        .Send("Purpose.").AssertReply("What do you aim")
        .Send("Aims.").AssertReply("How much time")
        .Send("Time.").AssertReply("How will you judge")
        .Send("Evaluation.").AssertReply("Who is the site for?");

    private TestFlow StartToHost(string audience = "pupils", string contributors = "pupils", string nextQuestion = "Who will host") => StartToAudience()
        .Send(audience).AssertReply("Who will be able to post")
        .Send(contributors).AssertReply("Who will administer")
        .Send("Sam Taylor, Jordan Lee").AssertReply("Who will moderate")
        .Send("Marcus Reid, Jordan Lee").AssertReply(nextQuestion);

    [Fact]
    public async Task Free_text_is_trimmed_never_empty_and_length_limited()
    {
        await context.NewFlow()
            .Send("apply").AssertReplyContains("Which department")
            .Send("   ").AssertReply("I need an answer to this one: it can't be left empty.")
            .Send(new string('x', 201)).AssertReply("That answer is 201 characters long; please keep it to 200 characters or fewer.")
            .Send("  Humanities  ").AssertReply("Are you the author");

        await StartToPurpose()
            .Send(new string('x', 1001)).AssertReply("That answer is 1,001 characters long; please keep it to 1,000 characters or fewer.")
            .Send(new string('x', 1000)).AssertReply("What do you aim");
    }

    [Fact]
    public async Task People_are_found_by_name_or_email_and_ambiguous_names_are_asked_again_with_the_candidates()
    {
        await context.NewFlow()
            .Send("apply").AssertReplyContains("Which department")
            .Send("Humanities").AssertReply("Are you the author")
            .Send("perhaps").AssertReply("Please answer yes or no.")
            .Send("no").AssertReply("Who will be the author of the site?")
            .Send("Sam").AssertReply("\"Sam\" could be Sam Okafor (Teaching Assistant, sam.okafor@emlm.example) or Sam Taylor (Geography Teacher, sam.taylor@emlm.example). Which one?")
            .Send("Nobody Real").AssertReply("I couldn't find \"Nobody Real\" in the school directory.")
            .Send("jordan.lee@emlm.example").AssertReply("The directory says Jordan Lee's line manager is Marcus Reid (Head of Humanities). Is that right?")
            .Send("no").AssertReply("Who is the author's line manager?")
            .Send("Marcus Reid, Priya Shah").AssertReply("Please name just one person.")
            .Send("Jordan Lee").AssertReply("The line manager approves the application, so it must be someone other than the author.")
            .Send("priya.shah").AssertReply("Why do you want");
    }

    [Fact]
    public async Task Administrators_and_moderators_need_two_named_people_of_the_school_and_governors_count()
    {
        await StartToAudience()
            .Send("pupils").AssertReply("Who will be able to post")
            .Send("staff").AssertReply("Who will administer")
            .Send("Sam Taylor").AssertReply("The site needs at least 2 administrators, named people of the school (A.3.1); you've named 1: Sam Taylor.")
            .Send("Sam Taylor and Sam Taylor").AssertReply("you've named 1")
            .Send("Sam Taylor, Chris Evans").AssertReply("Who will moderate")
            .Send("Jordan Lee, Someone Outside").AssertReply("I couldn't find \"Someone Outside\" in the school directory. Administrators and moderators must be employees or other authorised people such as governors (A.3.1)")
            .Send("Jordan Lee & Chris Evans").AssertReplyContains("Who will host");
    }

    [Fact]
    public async Task Choices_are_taken_by_name_number_or_synonym_and_unknown_ones_are_named()
    {
        await StartToAudience()
            .Send("dragons").AssertReply("I didn't recognise \"dragons\" as one of the choices.")
            .Send("pupils and dragons").AssertReply("I didn't recognise \"dragons\"")
            .Send("9").AssertReply("I didn't recognise \"9\"")
            .Send("Pupils, the public; others").AssertReply("Who are the others in the audience?")
            .Send("Governors").AssertReply("Who will be able to post")
            .Send("3 5").AssertReply("Who will administer");
    }

    [Fact]
    public async Task Dates_must_not_be_in_the_past_and_closure_must_come_after_go_live()
    {
        await StartToHost()
            .Send("the school").AssertReply("When do you propose the site goes live?")
            .Send("someday").AssertReply("I couldn't read that as a date. Try 1/9/2027, 1 Sept 2027 or next Monday")
            .Send("1/1/2020").AssertReply("The go-live date can't be in the past: please give 1 June 2027 or later.")
            .Send("1st September").AssertReply("When do you plan to close the site?")
            .Send("1/8/2027").AssertReply("Please give a date after the go-live date of 1 Sept 2027.")
            .Send("1 Sept 2027").AssertReply("Please give a date after the go-live date of 1 Sept 2027.")
            .Send("2/9/2027").AssertReply("how will you inform their parents");
    }

    [Fact]
    public async Task A_third_party_host_below_the_pupils_age_is_changed_to_the_school()
    {
        await StartToHost()
            .Send("third party").AssertReply("Which service")
            .Send("TikTok").AssertReply("TikTok sets a minimum age for its users (often 13).")
            .Send("no").AssertReply("Then the site can't be on that host (7.3). I've changed the host to the school")
            .AssertReply("When do you propose the site goes live?");
    }

    [Fact]
    public async Task Privacy_for_pupil_contributors_and_the_logo_on_school_hosted_sites_are_required()
    {
        await StartToHost()
            .Send("1").AssertReply("goes live")
            .Send("1/9/2027").AssertReply("close")
            .Send("31/7/2028").AssertReply("consent")
            .Send("Letters.").AssertReply("stop unwanted")
            .Send("Checks.").AssertReply("strongest privacy settings")
            .Send("no").AssertReply("The policy requires the strongest privacy settings on sites pupils contribute to (A.5.2)")
            .Send("yes").AssertReply("School-hosted sites must always show the school logo")
            .Send("no").AssertReply("School-hosted sites must include the school logo (A.4.6).")
            .Send("yes").AssertReply("moderated");
    }

    [Fact]
    public async Task External_contributors_bring_vetting_recruitment_with_A57_and_the_learning_disability_question()
    {
        await StartToHost(audience: "members of the public", contributors: "school staff, external organisations", nextQuestion: "Who will vet external contributors")
            .Send("Jordan Lee").AssertReply("Who will host")
            .Send("1").AssertReply("goes live")
            .Send("tomorrow").AssertReply("close")
            .Send("in 2 weeks").AssertReply("needs the headteacher's approval (A.5.7)")
            .Send("Newsletter.").AssertReply("Will any contributors be adults with learning disabilities?")
            .Send("yes").AssertReply("how will you inform their parents or responsible adults")
            .Send("Letters to carers.").AssertReply("stop unwanted")
            .Send("Vetting.").AssertReply("School-hosted sites must always show the school logo");
    }

    [Fact]
    public async Task A_submit_from_an_older_card_is_told_apart_and_the_current_question_asked()
    {
        await StartToPurpose()
            .Send("Purpose.").AssertReply("What do you aim")
            .Then(host => host.SendValueAsync(new JsonObject { [PromptAnswer.QuestionIdKey] = "department", [PromptAnswer.AnswerKey] = "Science" }))
            .AssertReply("That card was for an earlier question.\n\nWhat do you aim");
    }

    [Fact]
    public async Task A_directory_that_cannot_be_reached_is_said_and_the_names_asked_again()
    {
        var flow = new TestFlow(new TestBotHost(context.NewDatabasePath(), new ManualClock(DialogTestContext.Start), wrapDirectory: d => new DirectoryFailingOnce(d)));
        await flow
            .Send("apply").AssertReplyContains("Which department")
            .Send("Humanities").AssertReply("Are you the author")
            .Send("no").AssertReply("Who will be the author")
            .Send("Jordan Lee").AssertReply("I couldn't reach the school directory just now.")
            .Send("Jordan Lee").AssertReply("The directory says Jordan Lee's line manager is Marcus Reid");
    }

    /// <summary>The directory (Graph) failing once on a search, then answering again.</summary>
    private sealed class DirectoryFailingOnce(IStaffDirectory inner) : IStaffDirectory
    {
        private int _searches;

        public Task<DirectoryPerson?> GetPersonAsync(string id, CancellationToken cancellationToken) => inner.GetPersonAsync(id, cancellationToken);

        public Task<DirectoryPerson?> GetManagerAsync(string id, CancellationToken cancellationToken) => inner.GetManagerAsync(id, cancellationToken);

        public Task<IReadOnlyList<DirectoryPerson>> FindPeopleAsync(string nameOrEmail, int max, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _searches) == 1 ? throw new DirectoryException("Graph answered 503.") : inner.FindPeopleAsync(nameOrEmail, max, cancellationToken);

        public Task<DirectoryPerson> GetHeadteacherAsync(CancellationToken cancellationToken) => inner.GetHeadteacherAsync(cancellationToken);
    }
}
