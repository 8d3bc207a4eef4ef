using PolicyBot.Tests.Infrastructure;
using PolicyBot.Dialogs.Policy;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PolicyBot.Dialogs;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.Cards;
using PolicyBot.Dialogs.Directory;
using PolicyBot.Dialogs.Engine;
using PolicyBot.Dialogs.SiteApplication;
using PolicyBot.Dialogs.Welcome;

namespace PolicyBot.Tests.Cards;

/// <summary>
/// Every Adaptive Card the bot can send, built by the product's own builders from realistic samples, one entry per
/// variant whose structure differs. The samples carry hostile text (see <see cref="Hostile"/>) wherever a person types.
/// A card the bot gains must be added here, or it is not checked in the browser.
/// </summary>
internal static class CardCatalogue
{
    /// <summary>The school's logo, for the one variant whose header shows it; the renderer blocks the request.</summary>
    public const string LogoUrl = "https://school.example/logo.png";

    private static readonly DateOnly Today = new(2027, 6, 1);
    private static readonly DateTimeOffset Submitted = new(2027, 6, 1, 9, 30, 0, TimeSpan.Zero);

    private static readonly ApprovalCardBuilder Approvals = new(new PolicyBotSettings(), new ApprovalOptions());
    private static readonly ApprovalCardBuilder ApprovalsWithLogo = new(new PolicyBotSettings(), new ApprovalOptions { SchoolLogoUrl = LogoUrl });

    private static readonly Lazy<IReadOnlyDictionary<string, AdaptiveCard>> Cards = new(() => Build().ToDictionary(c => c.Name, c => c.Card));

    public static IEnumerable<string> Names => Cards.Value.Keys;

    public static AdaptiveCard Card(string name) => Cards.Value[name];

    /// <summary>The names, for a <c>[Theory]</c>'s MemberData: one test case per card.</summary>
    public static TheoryData<string> TheoryNames => new(Names);

    private static IEnumerable<(string Name, AdaptiveCard Card)> Build()
    {
        yield return ("welcome", WelcomeCard.Create(new PolicyBotSettings().SchoolName));
        yield return ("welcome-apply-offer", WelcomeCard.ApplyOffer());

        foreach (var (key, card) in QuestionCards(Forms.ThirdPartyWithPupils))
        {
            yield return ($"question-{key}", card);
        }
        yield return ("form-cancel-confirmation", SiteApplicationDialog.CancelConfirmationCard());
        yield return ("form-resume-offer", SiteApplicationDialog.ResumeOfferCard());
        yield return ("summary-third-party-all-sections", SiteApplicationSummaryCard.Create(Forms.ThirdPartyWithPupils, SiteApplicationRules.Check(Forms.ThirdPartyWithPupils, Today)));
        yield return ("summary-school-hosted-with-problems", SiteApplicationSummaryCard.Create(Forms.SchoolHostedStaffOnly, SiteApplicationRules.Check(Forms.SchoolHostedStaffOnly, Today)));
        yield return ("summary-empty-every-problem", SiteApplicationSummaryCard.Create(new SiteApplicationForm(), SiteApplicationRules.Check(new SiteApplicationForm(), Today)));
        yield return ("summary-largest", SiteApplicationSummaryCard.Create(Forms.Largest, []));

        foreach (var card in ApprovalCards())
        {
            yield return card;
        }
        foreach (var card in NoticeCards())
        {
            yield return card;
        }
        foreach (var card in ListCards())
        {
            yield return card;
        }
        foreach (var card in PolicyAnswerCards())
        {
            yield return card;
        }
    }

    /// <summary>Answers from the shipped pack: one part, two parts, safeguarding first, and "not covered".</summary>
    private static IEnumerable<(string Name, AdaptiveCard Card)> PolicyAnswerCards()
    {
        var answerer = SharedPolicyAnswerer.Answerer;
        (string Name, string Question)[] questions =
        [
            ("policy-answer-friend-request", "a year 9 added me on insta, can I accept?"),
            ("policy-answer-two-parts", "can I post sports day photos on my own facebook and can I use my school email for twitter?"),
            ("policy-answer-safeguarding", "a pupil told me on the class page that an adult is grooming her, and can I delete the comment?"),
            ("policy-clause-lookup", "what does 6.5 say?"),
            ("policy-section-lookup", "section 9"),
            ("policy-no-such-clause", "what does 12.4 say?"),
        ];
        foreach (var (name, question) in questions)
        {
            var answer = answerer.Answer(question);
            yield return (name, PolicyAnswerCard.Create(answer, answerer.Pack, new AnswerFeedbackData("answer-1", question, answer.ClauseNumbers)));
        }
        yield return ("policy-not-covered", PolicyAnswerCard.NotCovered(Hostile.Everything, answerer.Pack, "Helen Carter (Headteacher)", "helen.carter@emlm.example"));
        const string uncovered = "can I livestream the school play on facebook?";
        yield return ("policy-not-covered-closest", PolicyAnswerCard.NotCovered(uncovered, answerer.Pack, "the Headteacher", closestQuestions: answerer.Answer(uncovered).ClosestQuestions));
        var readWith = answerer.Answer("and if it's my nephew?", "a yr 9 added me on insta, can I accept?") with { ReadWithQuestion = Hostile.Everything };
        yield return ("policy-follow-up-read-with", PolicyAnswerCard.Create(readWith, answerer.Pack, new AnswerFeedbackData("answer-2", "and if it's my nephew?", readWith.ClauseNumbers)));
        const string followUp = "what if they've left?";
        yield return ("policy-not-covered-follow-up", PolicyAnswerCard.NotCovered(followUp, answerer.Pack, "the Headteacher", readsAsFollowUp: answerer.Answer(followUp).ReadsAsFollowUp));
    }

    /// <summary>The card of each question of the form, through the prompt that asks it, as the form dialog sends it.</summary>
    private static IEnumerable<(string Key, AdaptiveCard Card)> QuestionCards(SiteApplicationForm form)
    {
        var directory = JsonStaffDirectory.Parse("""{ "headteacher": "head-1", "users": [ { "id": "head-1", "displayName": "Dr Head" } ] }""");
        var clock = new FakeTimeProvider(new DateTimeOffset(Today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        Func<PromptOptions, AdaptiveCard?> PromptFor(string promptId) => promptId switch
        {
            SiteApplicationQuestions.TextPromptId => new TextPrompt(promptId).CardFor,
            SiteApplicationQuestions.ChoicePromptId => new ChoicePrompt(promptId).CardFor,
            SiteApplicationQuestions.ChoicesPromptId => new ChoicePrompt(promptId, allowMultiple: true).CardFor,
            SiteApplicationQuestions.ConfirmPromptId => new ConfirmPrompt(promptId).CardFor,
            SiteApplicationQuestions.DatePromptId => new DatePrompt(promptId, clock).CardFor,
            SiteApplicationQuestions.PeoplePromptId => new PeoplePrompt(promptId, directory).CardFor,
            _ => throw new InvalidOperationException($"The catalogue does not know the prompt '{promptId}': add it."),
        };
        foreach (var question in new SiteApplicationQuestions(directory).All)
        {
            // Asking reads only the form and the date; the turn is for answers (a question may reply as it applies one).
            var options = question.Ask(new QuestionContext(Turn: null!, form, Today));
            if (PromptFor(question.PromptId)(options) is { } card)
            {
                yield return (question.Key, card);
            }
        }
    }

    private static IEnumerable<(string, AdaptiveCard)> ApprovalCards()
    {
        var request = Requests.AwaitingLineManager;
        var approved = Decisions.Of(request, ApprovalStage.LineManager, DecisionKind.Approved, "Fine by me 👍 [x](http://evil)");
        var atHead = Requests.AwaitingHeadteacher;

        yield return ("approval-request-line-manager", Approvals.RequestCard(request, [], approverTeamsId: "29:manager-teams-id"));
        yield return ("approval-request-with-logo", ApprovalsWithLogo.RequestCard(request, []));
        yield return ("approval-request-headteacher-after-line-manager", Approvals.RequestCard(atHead, [approved]));
        yield return ("approval-request-headteacher-covers-both", Approvals.RequestCard(Requests.CoversBothStages, []));
        yield return ("approval-request-revised-with-note", Approvals.RequestCard(Requests.Revised, Decisions.Revised, note: "The application has changed since that card: this is the current version."));
        yield return ("approval-request-largest", Approvals.RequestCard(Requests.Largest, Decisions.Largest));
        yield return ("approval-read-only-viewer", Approvals.ForViewer(request, [], viewerId: request.Requester.Id));
        yield return ("approval-read-only-submitted", Approvals.StatusCard(request with { Status = ApprovalStatus.Submitted }, []));
        yield return ("approval-read-only-own-request-note", Approvals.StatusCard(request, [], note: "You can't approve your own request."));
        yield return ("approval-read-only-withdrawn", Approvals.StatusCard(request with { Status = ApprovalStatus.Withdrawn }, [Decisions.Of(request, ApprovalStage.LineManager, DecisionKind.Withdrawn, null)]));
        foreach (var (status, kind, comment) in new[]
        {
            (ApprovalStatus.Approved, DecisionKind.Approved, (string?)null),
            (ApprovalStatus.Rejected, DecisionKind.Rejected, Hostile.Everything),
            (ApprovalStatus.ChangesRequested, DecisionKind.ChangesRequested, "Please name a second moderator <at>Helen</at> ${foo}"),
        })
        {
            var decided = atHead with { Status = status };
            var decision = Decisions.Of(decided, ApprovalStage.Headteacher, kind, comment);
            yield return ($"approval-outcome-{status}", Approvals.OutcomeCard(decided, decision, [approved, decision]));
        }
    }

    private static IEnumerable<(string, AdaptiveCard)> NoticeCards()
    {
        var request = Requests.AwaitingLineManager;
        var lineManagerApproved = Decisions.Of(request, ApprovalStage.LineManager, DecisionKind.Approved, null);
        var approvedRequest = Requests.AwaitingHeadteacher with { Status = ApprovalStatus.Approved };

        yield return ("notice-with-line-manager", Approvals.WithApproverNotice(request, previous: null));
        yield return ("notice-with-headteacher", Approvals.WithApproverNotice(Requests.AwaitingHeadteacher, lineManagerApproved));
        yield return ("notice-revised-back-with-line-manager", Approvals.WithApproverNotice(Requests.Revised, previous: null));
        yield return ("notice-approved", Approvals.ApprovedNotice(approvedRequest, Decisions.Of(approvedRequest, ApprovalStage.Headteacher, DecisionKind.Approved, Hostile.Everything)));
        yield return ("notice-approved-no-closure-date", Approvals.ApprovedNotice(approvedRequest with { ClosureDate = null, Application = new JsonObject() }, Decisions.Of(approvedRequest, ApprovalStage.Headteacher, DecisionKind.Approved, null)));
        foreach (var kind in new[] { DecisionKind.Rejected, DecisionKind.ChangesRequested, DecisionKind.Withdrawn })
        {
            yield return ($"notice-outcome-{kind}", Approvals.OutcomeNotice(request, Decisions.Of(request, ApprovalStage.LineManager, kind, Hostile.Link)));
        }
        yield return ("notice-for-information", Approvals.ForInformationNotice(approvedRequest, [lineManagerApproved]));
        yield return ("notice-escalation", Approvals.EscalationNotice(request, schoolDays: 6));
        yield return ("notice-closure-soon", Approvals.ClosureNotice(approvedRequest, new DateOnly(2028, 7, 20), onTheDay: false));
        yield return ("notice-closure-today", Approvals.ClosureNotice(approvedRequest, new DateOnly(2028, 7, 20), onTheDay: true));
        yield return ("notice-install-needed", Approvals.InstallNeededNotice(request, Hostile.Mention));
        yield return ("message-register-refused", ApprovalCardBuilder.Message("Only the headteacher can see the site register. Type \"my requests\" to see your own applications."));
    }

    private static IEnumerable<(string, AdaptiveCard)> ListCards()
    {
        ApprovalRequest[] mine =
        [
            Requests.AwaitingLineManager,
            Requests.AwaitingHeadteacher with { Id = "req-2", Status = ApprovalStatus.ChangesRequested },
            Requests.AwaitingHeadteacher with { Id = "req-3", Status = ApprovalStatus.Approved, Title = "PE school-hosted site" },
            Requests.AwaitingHeadteacher with { Id = "req-4", Status = ApprovalStatus.Rejected, Title = Hostile.Long },
        ];
        yield return ("list-my-requests-empty", Approvals.MyRequestsCard([]));
        yield return ("list-my-requests", Approvals.MyRequestsCard(mine));
        yield return ("list-pending-empty", Approvals.PendingApprovalsCard([]));
        yield return ("list-pending", Approvals.PendingApprovalsCard([Requests.AwaitingLineManager, Requests.Revised with { Id = "req-5" }]));
        yield return ("register-empty", Approvals.SiteRegisterCard([]));
        yield return ("register-with-csv", Approvals.SiteRegisterCard(
        [
            Requests.AwaitingHeadteacher with { Status = ApprovalStatus.Approved },
            Requests.AwaitingHeadteacher with { Id = "req-6", Status = ApprovalStatus.Approved, Title = "=HYPERLINK(\"http://evil\") site", Application = SiteApplicationSubmitter.ToJson(Forms.SchoolHostedStaffOnly) },
        ]));
    }

    /// <summary>Text people type that must show literally: markdown, mentions, templates, HTML, emoji, length.</summary>
    public static class Hostile
    {
        public const string Link = "[x](http://evil)";
        public const string Mention = "<at>Helen</at>";
        public const string Template = "${foo}";
        public const string Script = "<script>alert(1)</script>";
        public const string Emoji = "🎉👩‍🏫🇬🇧";
        public const string Everything = $"{Link} {Mention} {Template} {Script} **bold** _it_ # 1. - {Emoji}";

        /// <summary>1,000 characters, the longest a text answer may be.</summary>
        public static readonly string Long = string.Concat(Enumerable.Repeat("Long answer [x](http://evil) ", 40))[..TextPrompt.DefaultMaxLength];

        /// <summary>The fragments <see cref="Everything"/> is made of; each must appear as typed in a rendered card.</summary>
        public static IReadOnlyList<string> Fragments { get; } = [Link, Mention, Template, Script, "**bold**", "_it_", Emoji];
    }

    private static class People
    {
        public static readonly FormPerson Author = new("teacher-1", "Helen Teacher", "h.teacher@school.example", "Head of Geography");
        public static readonly FormPerson LineManager = new("manager-1", "Mark Manager", "m.manager@school.example", "Deputy Head");
        public static readonly FormPerson Headteacher = new("head-1", "Dr Head", "head@school.example", "Headteacher");
        public static readonly FormPerson HostileName = new("teacher-9", Hostile.Mention, "x@school.example", Hostile.Link);

        public static StaffMember Staff(FormPerson p) => new(p.Id, p.DisplayName, p.Email, p.JobTitle);
    }

    /// <summary>Forms as the conversation fills them in.</summary>
    private static class Forms
    {
        /// <summary>Every branch taken: a third-party host, pupils contributing, "Others" in both lists, consent.</summary>
        public static readonly SiteApplicationForm ThirdPartyWithPupils = new()
        {
            Department = $"Geography {Hostile.Link}",
            RequesterProfile = People.Author,
            AuthorIsRequester = true,
            Author = People.Author,
            SuggestedLineManager = People.LineManager,
            LineManagerConfirmed = true,
            LineManager = People.LineManager,
            PurposeAndContent = Hostile.Long,
            AimsAndReason = $"Share fieldwork with families. {Hostile.Everything}",
            TimeAndCover = "Two hours a week; Mr Cover posts when I am away.",
            Evaluation = "Parents' survey at the end of the year 🎉",
            Audience = [SiteApplicationChoices.Pupils, SiteApplicationChoices.FamilyMembers, SiteApplicationChoices.Others],
            AudienceOther = $"Governors {Hostile.Template}",
            Contributors = [SiteApplicationChoices.Pupils, SiteApplicationChoices.ExternalOrganisations, SiteApplicationChoices.Others],
            ContributorsOther = $"Field Studies Council {Hostile.Mention}",
            Administrators = [People.Author, People.LineManager],
            Moderators = [People.Headteacher, People.HostileName],
            ExternalVetting = "The head of department checks each organisation first.",
            Host = SiteApplicationChoices.ThirdPartyHost,
            ThirdPartyHostName = $"Instagram {Hostile.Script}",
            MeetsHostMinimumAge = true,
            GoLive = new DateOnly(2027, 9, 6),
            Closure = new DateOnly(2028, 7, 20),
            ContributorRecruitment = "Through the trust's newsletter.",
            IncludesAdultsWithLearningDisabilities = false,
            ConsentArrangements = "Signed consent forms, kept by the office.",
            SecurityMeasures = "Two-factor sign-in; the password is in the school vault.",
            StrongestPrivacySettings = true,
            UsesSchoolLogo = true,
            ModerationPlan = "Comments are held for approval and checked daily - see A.5.3.",
        };

        /// <summary>School-hosted, staff only, with mistakes the summary lists (closure before go-live, one moderator, no logo).</summary>
        public static readonly SiteApplicationForm SchoolHostedStaffOnly = ThirdPartyWithPupils with
        {
            Department = "PE",
            Audience = [SiteApplicationChoices.SchoolStaff],
            AudienceOther = null,
            Contributors = [SiteApplicationChoices.SchoolStaff],
            ContributorsOther = null,
            Moderators = [People.Headteacher],
            ExternalVetting = null,
            Host = SiteApplicationChoices.SchoolHost,
            ThirdPartyHostName = null,
            MeetsHostMinimumAge = null,
            Closure = new DateOnly(2027, 8, 1),
            ContributorRecruitment = null,
            ConsentArrangements = null,
            StrongestPrivacySettings = null,
            UsesSchoolLogo = false,
        };

        /// <summary>Every text answer as long as it may be: the biggest summary and approval card a real form makes.</summary>
        public static readonly SiteApplicationForm Largest = ThirdPartyWithPupils with
        {
            Department = Prose(200),
            PurposeAndContent = Prose(TextPrompt.DefaultMaxLength),
            AimsAndReason = Prose(TextPrompt.DefaultMaxLength),
            TimeAndCover = Prose(TextPrompt.DefaultMaxLength),
            Evaluation = Prose(TextPrompt.DefaultMaxLength),
            AudienceOther = Prose(TextPrompt.DefaultMaxLength),
            ContributorsOther = Prose(TextPrompt.DefaultMaxLength),
            ExternalVetting = Prose(TextPrompt.DefaultMaxLength),
            ThirdPartyHostName = Prose(200),
            ContributorRecruitment = Prose(TextPrompt.DefaultMaxLength),
            ConsentArrangements = Prose(TextPrompt.DefaultMaxLength),
            SecurityMeasures = Prose(TextPrompt.DefaultMaxLength),
            ModerationPlan = Prose(TextPrompt.DefaultMaxLength),
        };

        /// <summary>Ordinary sentences with the punctuation people use (each mark costs a backslash in the card).</summary>
        public static string Prose(int length) =>
            string.Concat(Enumerable.Repeat("Pupils post photos of fieldwork (with consent); staff check each post - first! ", 1 + length / 80))[..length];
    }

    private static class Requests
    {
        public static readonly ApprovalRequest AwaitingLineManager = FromForm("req-1", Forms.ThirdPartyWithPupils, ApprovalStatus.AwaitingLineManager);

        public static readonly ApprovalRequest AwaitingHeadteacher = AwaitingLineManager with { Status = ApprovalStatus.AwaitingHeadteacher };

        /// <summary>The line manager is the headteacher: one decision covers both signatures.</summary>
        public static readonly ApprovalRequest CoversBothStages = AwaitingLineManager with
        {
            LineManager = People.Staff(People.Headteacher),
            Status = ApprovalStatus.AwaitingHeadteacher,
        };

        /// <summary>Resubmitted after changes were asked for, back with the line manager.</summary>
        public static readonly ApprovalRequest Revised = AwaitingLineManager with { Revision = 1 };

        public static readonly ApprovalRequest Largest = FromForm("req-7", Forms.Largest, ApprovalStatus.AwaitingHeadteacher) with
        {
            Requester = new StaffMember("teacher-1", Forms.Prose(100), JobTitle: Forms.Prose(100)),
            Revision = 2,
        };

        /// <summary>As <see cref="SiteApplicationSubmitter"/> saves it, with the status the workflow has moved it to.</summary>
        private static ApprovalRequest FromForm(string id, SiteApplicationForm form, ApprovalStatus status) => new()
        {
            Id = id,
            Requester = People.Staff(form.Author!),
            LineManager = People.Staff(form.LineManager!),
            Headteacher = People.Staff(People.Headteacher),
            Status = status,
            Application = SiteApplicationSubmitter.ToJson(form),
            Title = SiteApplicationSubmitter.TitleOf(form),
            ClosureDate = form.Closure,
            CreatedAt = Submitted,
            UpdatedAt = Submitted,
        };
    }

    private static class Decisions
    {
        public static ApprovalDecision Of(ApprovalRequest request, ApprovalStage stage, DecisionKind kind, string? comment, int revision = 0)
        {
            var who = stage == ApprovalStage.LineManager ? request.LineManager : request.Headteacher;
            return new ApprovalDecision(request.Id, stage, who.Id, who.DisplayName, kind, comment, Submitted.AddDays(1), $"{request.Id}-{stage}-{kind}-{revision}", revision,
                ApprovalWorkflow.CoversBothStages(request));
        }

        /// <summary>Changes were asked for on the first version; the decision log shows this revision's decisions only.</summary>
        public static readonly IReadOnlyList<ApprovalDecision> Revised =
        [
            Of(Requests.Revised, ApprovalStage.LineManager, DecisionKind.ChangesRequested, Hostile.Everything, revision: 0),
        ];

        /// <summary>The line manager's approval of this revision, with a comment as long as it may be.</summary>
        public static readonly IReadOnlyList<ApprovalDecision> Largest =
        [
            Of(Requests.Largest, ApprovalStage.LineManager, DecisionKind.Approved, Forms.Prose(2000), revision: 2),
        ];
    }
}
