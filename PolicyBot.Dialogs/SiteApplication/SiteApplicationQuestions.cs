using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;
using PolicyBot.Dialogs.Cards;
using PolicyBot.Dialogs.Directory;
using PolicyBot.Dialogs.Engine;

namespace PolicyBot.Dialogs.SiteApplication;

/// <summary>The sections of Appendix B, in order; the summary card has one per section, each with its edit action.</summary>
public enum FormSection
{
    TeamDetails,
    Purpose,
    AudienceAndContributors,
    Administration,
    PolicyChecks,
}

/// <summary>What a question sees when it is asked or answered.</summary>
public sealed record QuestionContext(ITurnContext Turn, SiteApplicationForm Form, DateOnly Today);

/// <summary>
/// One question of the form: which prompt asks it, when it applies, what it asks, and how its answer changes the form.
/// </summary>
public sealed record FormQuestion(
    string Key,
    FormSection Section,
    string PromptId,
    Func<SiteApplicationForm, bool> Applies,
    Func<QuestionContext, PromptOptions> Ask,
    Func<QuestionContext, JsonNode?, CancellationToken, Task<SiteApplicationForm>> Apply);

/// <summary>The form's questions in the order of Appendix B, with the Appendix A checks where they apply.</summary>
public sealed class SiteApplicationQuestions(IStaffDirectory directory)
{
    public const string TextPromptId = "text";
    public const string ChoicePromptId = "choice";
    public const string ChoicesPromptId = "choices";
    public const string ConfirmPromptId = "confirm";
    public const string DatePromptId = "date";
    public const string PeoplePromptId = "people";

    private const int ShortAnswer = 200;

    public IReadOnlyList<FormQuestion> All { get; } = Build(directory);

    private static List<FormQuestion> Build(IStaffDirectory directory)
    {
        async Task<SiteApplicationForm> WithAuthor(SiteApplicationForm form, FormPerson? author, bool isRequester, CancellationToken ct)
        {
            DirectoryPerson? manager = null;
            try
            {
                manager = author is null ? null : await directory.GetManagerAsync(author.Id, ct);
            }
            catch (DirectoryException)
            {
                // No suggestion: the line manager is then asked for by name.
            }
            return form with
            {
                Author = author,
                AuthorIsRequester = isRequester,
                SuggestedLineManager = manager is null ? null : FormPerson.From(manager),
                LineManagerConfirmed = null,
                LineManager = null,
            };
        }

        return
        [
            new("department", FormSection.TeamDetails, TextPromptId, _ => true,
                q => Text("department",
                    string.IsNullOrEmpty(Suggested(q))
                        ? "Which department or team is the site for?"
                        : $"Which department or team is the site for? I have {CardText.Escape(Suggested(q))}: reply **yes** to keep it, or type another.",
                    "Appendix B starts with the team details: the department or team the site belongs to, for example Humanities or Year 9.",
                    ShortAnswer, prefill: Suggested(q)),
                (q, r, _) => Task.FromResult(q.Form with
                {
                    Department = YesNo.Recognize(Read.Text(r)) == true && !string.IsNullOrEmpty(Suggested(q)) ? Suggested(q) : Read.Text(r),
                })),

            new("authorIsRequester", FormSection.TeamDetails, ConfirmPromptId, f => f.RequesterProfile is not null,
                q => Confirm("authorIsRequester", $"Are you the author of the site, {q.Form.RequesterProfile!.DisplayName}?",
                    "The author is the member of staff who sets the site up and answers for it (Appendix B, team details)."),
                (q, r, ct) => Read.Yes(r)
                    ? WithAuthor(q.Form, q.Form.RequesterProfile, true, ct)
                    : WithAuthor(q.Form, null, false, ct)),

            new("author", FormSection.TeamDetails, PeoplePromptId, f => f.AuthorIsRequester != true,
                _ => People("author", "Who will be the author of the site? Give their name or school email.",
                    "The author sets the site up and answers for it; they must be in the school directory.", min: 1, max: 1, role: "author"),
                (q, r, ct) => WithAuthor(q.Form, Read.People(r)[0], false, ct)),

            new("lineManagerConfirm", FormSection.TeamDetails, ConfirmPromptId, f => f.SuggestedLineManager is not null,
                q => Confirm("lineManagerConfirm",
                    $"The directory says {(q.Form.AuthorIsRequester == true ? "your" : $"{q.Form.Author?.DisplayName}'s")} line manager is {q.Form.SuggestedLineManager!.Describe()}. Is that right?",
                    "The author's line manager reads the application first and approves it before the headteacher does."),
                (q, r, _) => Task.FromResult(Read.Yes(r)
                    ? q.Form with { LineManager = q.Form.SuggestedLineManager, LineManagerConfirmed = true }
                    : q.Form with { LineManager = null, LineManagerConfirmed = false })),

            new("lineManager", FormSection.TeamDetails, PeoplePromptId, f => f.LineManagerConfirmed != true,
                q => People("lineManager", $"Who is {(q.Form.AuthorIsRequester == true ? "your" : "the author's")} line manager? Give their name or school email.",
                    "The line manager approves the application before it goes to the headteacher.", min: 1, max: 1, role: "line manager",
                    excluded: (q.Form.Author?.Id, "The line manager approves the application, so it must be someone other than the author.")),
                (q, r, _) => Task.FromResult(q.Form with { LineManager = Read.People(r)[0] })),

            new("purpose", FormSection.Purpose, TextPromptId, _ => true,
                _ => Text("purpose", "Why do you want to set up this site, and what will it contain?",
                    "Describe the purpose of the site and the content you plan to post (Appendix B, purpose)."),
                (q, r, _) => Task.FromResult(q.Form with { PurposeAndContent = Read.Text(r) })),

            new("aims", FormSection.Purpose, TextPromptId, _ => true,
                _ => Text("aims", "What do you aim to achieve with it, and why is a social media site the right way to do it? The policy needs a strong pedagogical or business reason, never a trivial one (7.2, A.1.2).",
                    "Say what the site should achieve for pupils or the school, and why the time it takes is worth it (7.2, A.1.2)."),
                (q, r, _) => Task.FromResult(q.Form with { AimsAndReason = Read.Text(r) })),

            new("timeAndCover", FormSection.Purpose, TextPromptId, _ => true,
                _ => Text("timeAndCover", "How much time can you commit to the site each week, and who will keep it going when you are away? Running a site is an ongoing commitment (A.1.4, A.1.5).",
                    "A site is never a one-off task (A.1.4), and enough trained staff must be able to keep it going through absences or turnover (A.1.5)."),
                (q, r, _) => Task.FromResult(q.Form with { TimeAndCover = Read.Text(r) })),

            new("evaluation", FormSection.Purpose, TextPromptId, _ => true,
                _ => Text("evaluation", "How will you judge whether the site has achieved its aims? (A.1.7)",
                    "For example pupil feedback, work produced, or a review at the end of term against the aims you gave (A.1.7)."),
                (q, r, _) => Task.FromResult(q.Form with { Evaluation = Read.Text(r) })),

            new("audience", FormSection.AudienceAndContributors, ChoicesPromptId, _ => true,
                _ => Choices("audience", "Who is the site for? Choose all that apply.",
                    "The proposed audience is discussed with the headteacher (A.1.3)."),
                (q, r, _) => Task.FromResult(q.Form with { Audience = Read.Choices(r) })),

            new("audienceOther", FormSection.AudienceAndContributors, TextPromptId, f => f.Audience.Contains(SiteApplicationChoices.Others),
                _ => Text("audienceOther", "Who are the others in the audience? Please give details.", "Name the other groups who will see the site.", ShortAnswer),
                (q, r, _) => Task.FromResult(q.Form with { AudienceOther = Read.Text(r) })),

            new("contributors", FormSection.AudienceAndContributors, ChoicesPromptId, _ => true,
                _ => Choices("contributors", "Who will be able to post or comment on the site? Choose all that apply.",
                    "Contributors are the people who can add text, comments or images; the level of engagement is discussed with the headteacher (A.1.3, A.5.1)."),
                (q, r, _) => Task.FromResult(q.Form with { Contributors = Read.Choices(r) })),

            new("contributorsOther", FormSection.AudienceAndContributors, TextPromptId, f => f.Contributors.Contains(SiteApplicationChoices.Others),
                _ => Text("contributorsOther", "Who are the other contributors? Please give details.", "Name the other groups who will post or comment.", ShortAnswer),
                (q, r, _) => Task.FromResult(q.Form with { ContributorsOther = Read.Text(r) })),

            new("administrators", FormSection.Administration, PeoplePromptId, _ => true,
                _ => People("administrators", "Who will administer the site? Name at least two people of the school, separated by commas: staff, or other authorised people such as governors (A.3.1).",
                    "Administrators must be school employees or other authorised people such as governors, and there must be at least two (A.3.1, Appendix B).", min: 2, max: 10, role: "administrators"),
                (q, r, _) => Task.FromResult(q.Form with { Administrators = Read.People(r) })),

            new("moderators", FormSection.Administration, PeoplePromptId, _ => true,
                _ => People("moderators", "Who will moderate it? Again at least two people of the school, separated by commas (A.3.1).",
                    "Moderators check posts and comments; there must be at least two, and they must be employees or other authorised people such as governors (A.3.1).", min: 2, max: 10, role: "moderators"),
                (q, r, _) => Task.FromResult(q.Form with { Moderators = Read.People(r) })),

            new("vetting", FormSection.Administration, TextPromptId, f => f.HasExternalContributors,
                _ => Text("vetting", "Who will vet external contributors before they can post? (A.2.6)",
                    "Contributors and 'friends' of the site must be vetted (A.2.6, A.5.6).", ShortAnswer),
                (q, r, _) => Task.FromResult(q.Form with { ExternalVetting = Read.Text(r) })),

            new("host", FormSection.Administration, ChoicePromptId, _ => true,
                _ => new PromptOptions
                {
                    QuestionId = "host",
                    Prompt = "Who will host the site?",
                    Choices = SiteApplicationChoices.Hosts,
                    Help = "Either the school hosts it, or a third party such as a social network does (Appendix B). Both need the headteacher's approval (A.3.2).",
                },
                (q, r, _) => Task.FromResult(q.Form with
                {
                    Host = Read.Choice(r),
                    ThirdPartyHostName = Read.Choice(r) == SiteApplicationChoices.ThirdPartyHost ? q.Form.ThirdPartyHostName : null,
                    MeetsHostMinimumAge = null,
                })),

            new("hostName", FormSection.Administration, TextPromptId, f => f.IsThirdPartyHosted,
                _ => Text("hostName", "Which service will host it (for example Instagram, Facebook or YouTube)?", "The name of the third-party host.", 100),
                (q, r, _) => Task.FromResult(q.Form with { ThirdPartyHostName = Read.Text(r) })),

            new("minimumAge", FormSection.Administration, ChoicePromptId, f => f.IsThirdPartyHosted && f.PupilsInvolved,
                q => new PromptOptions
                {
                    QuestionId = "minimumAge",
                    Prompt = $"{CardText.Escape(q.Form.ThirdPartyHostName)} sets a minimum age for its users (often 13). Is every pupil who will use the site at least that age? Sites must not breach the host's terms, especially its minimum age (7.3, A.2.5).",
                    Choices = [new(MinimumAgeMet, ["yes", "y", "all are"]), new(MinimumAgeNotMet, ["no", "n", "not sure"])],
                    Help = "Check the host's terms of service for its minimum age, and consider how younger children might still reach the site (A.2.5).",
                },
                async (q, r, ct) =>
                {
                    if (Read.Choice(r) == MinimumAgeMet)
                    {
                        return q.Form with { MeetsHostMinimumAge = true };
                    }
                    await q.Turn.SendActivityAsync("Then the site can't be on that host (7.3). I've changed the host to the school; you can change it again from the summary.", ct);
                    return q.Form with { Host = SiteApplicationChoices.SchoolHost, ThirdPartyHostName = null, MeetsHostMinimumAge = null };
                }),

            new("goLive", FormSection.Administration, DatePromptId, _ => true,
                q => new PromptOptions
                {
                    QuestionId = "goLive",
                    Prompt = "When do you propose the site goes live? For example 1/9/2027, 1 Sept 2027 or next Monday.",
                    Help = "The date you plan to open the site, once it is approved. It can't be in the past.",
                    Validations = new JsonObject
                    {
                        [DatePrompt.NotBeforeKey] = SiteApplicationRules.Iso(q.Today),
                        [SiteApplicationRules.NotBeforeReasonKey] = $"The go-live date can't be in the past: please give {UkDateParser.Format(q.Today)} or later.",
                    },
                },
                (q, r, _) => Task.FromResult(q.Form with { GoLive = Read.Date(r) })),

            new("closure", FormSection.Administration, DatePromptId, _ => true,
                q => new PromptOptions
                {
                    QuestionId = "closure",
                    Prompt = "When do you plan to close the site? The policy asks for an exit strategy and a clear plan from the outset of how long the site will last (A.1.6).",
                    Help = "A closure or review date after the go-live date, so the site is never left neglected (A.1.6).",
                    Validations = new JsonObject
                    {
                        [DatePrompt.NotBeforeKey] = SiteApplicationRules.Iso(q.Form.GoLive!.Value.AddDays(1)),
                        [SiteApplicationRules.AfterKey] = SiteApplicationRules.Iso(q.Form.GoLive!.Value),
                        [SiteApplicationRules.AfterReasonKey] = $"Please give a date after the go-live date of {UkDateParser.Format(q.Form.GoLive!.Value)}.",
                    },
                },
                (q, r, _) => Task.FromResult(q.Form with { Closure = Read.Date(r) })),

            new("recruitment", FormSection.Administration, TextPromptId, f => f.HasExternalContributors,
                _ => Text("recruitment", "How do you propose to advertise for external contributors? Any advertising for contributors needs the headteacher's approval (A.5.7); this application asks for it.",
                    "Say where and how you will invite contributors from outside the school (A.5.7)."),
                (q, r, _) => Task.FromResult(q.Form with { ContributorRecruitment = Read.Text(r) })),

            new("learningDisabilities", FormSection.Administration, ConfirmPromptId, f => !f.PupilsContribute,
                _ => Confirm("learningDisabilities", "Will any contributors be adults with learning disabilities?",
                    "If so, their responsible adults must be informed and give consent (Appendix B)."),
                (q, r, _) => Task.FromResult(q.Form with { IncludesAdultsWithLearningDisabilities = Read.Yes(r) })),

            new("consent", FormSection.Administration, TextPromptId, f => f.NeedsConsent,
                _ => Text("consent", "Contributors include children or adults with learning disabilities: how will you inform their parents or responsible adults, and obtain their consent?",
                    "For example a letter home with a consent slip, kept on file before anyone contributes (Appendix B)."),
                (q, r, _) => Task.FromResult(q.Form with { ConsentArrangements = Read.Text(r) })),

            new("security", FormSection.Administration, TextPromptId, _ => true,
                _ => Text("security", "What will you do to stop unwanted or unsuitable people from contributing or becoming 'friends' of the site? (A.5.6)",
                    "Anyone wishing to be a 'friend' must be checked carefully before approval, and comments reviewed regularly (A.5.6)."),
                (q, r, _) => Task.FromResult(q.Form with { SecurityMeasures = Read.Text(r) })),

            new("privacy", FormSection.PolicyChecks, ConfirmPromptId, f => f.PupilsContribute,
                _ => Confirm("privacy", "Pupils will contribute, so the site must use the strongest privacy settings the host offers (A.5.2). Will you set them?",
                    "A.5.2: sites created for and contributed to by pupils must have the strongest privacy settings, to prevent breaches of confidentiality.",
                    mustBeYes: "The policy requires the strongest privacy settings on sites pupils contribute to (A.5.2), so the application can't go ahead without them. Answer yes to commit to them, or type cancel."),
                (q, r, _) => Task.FromResult(q.Form with { StrongestPrivacySettings = Read.Yes(r) })),

            new("logo", FormSection.PolicyChecks, ConfirmPromptId, _ => true,
                q => q.Form.IsThirdPartyHosted
                    ? Confirm("logo", "Will the site use the school logo? Any use of it needs the headteacher's approval (A.3.5).",
                        "A.3.5: the headteacher's approval must be obtained for the use of the school logo.")
                    : Confirm("logo", "School-hosted sites must always show the school logo, linking back to the school website where possible (A.4.6), with the headteacher's approval (A.3.5). Will the site show it?",
                        "A.4.6: school-hosted sites always include the school logo, for transparency and confidence in the site.",
                        mustBeYes: "School-hosted sites must include the school logo (A.4.6). Answer yes, or choose a different host from the summary."),
                (q, r, _) => Task.FromResult(q.Form with { UsesSchoolLogo = Read.Yes(r) })),

            new("moderation", FormSection.PolicyChecks, TextPromptId, _ => true,
                _ => Text("moderation", "How will posts and comments be moderated: by whom, and how often? The content of school sites must be moderated (A.5.3).",
                    "Moderation is ultimately the headteacher's responsibility (A.5.3); say how your moderators will check content and remove anything that breaks the house rules (A.5.5, A.5.6)."),
                (q, r, _) => Task.FromResult(q.Form with { ModerationPlan = Read.Text(r) })),
        ];
    }

    public const string MinimumAgeMet = "Yes, all are old enough";
    public const string MinimumAgeNotMet = "No, or not sure: host it at the school instead";

    /// <summary>The department already on the form: from the user's profile at first, or the earlier answer when editing.</summary>
    private static string Suggested(QuestionContext q) => q.Form.Department ?? string.Empty;

    private static PromptOptions Text(string id, string prompt, string help, int maxLength = TextPrompt.DefaultMaxLength, string? prefill = null) => new()
    {
        QuestionId = id,
        Prompt = prompt,
        Help = help,
        Prefill = string.IsNullOrEmpty(prefill) ? null : prefill,
        Validations = maxLength == TextPrompt.DefaultMaxLength ? null : new JsonObject { [TextPrompt.MaxLengthKey] = maxLength },
    };

    private static PromptOptions Choices(string id, string prompt, string help) => new()
    {
        QuestionId = id,
        Prompt = prompt,
        Help = help,
        Choices = SiteApplicationChoices.People,
    };

    private static PromptOptions Confirm(string id, string prompt, string help, string? mustBeYes = null) => new()
    {
        QuestionId = id,
        Prompt = prompt,
        Help = help,
        Validations = mustBeYes is null ? null : new JsonObject { [SiteApplicationRules.MustBeYesReasonKey] = mustBeYes },
    };

    private static PromptOptions People(string id, string prompt, string help, int min, int max, string role, (string? Id, string Reason)? excluded = null) => new()
    {
        QuestionId = id,
        Prompt = prompt,
        Help = help,
        Validations = new JsonObject
        {
            [PeoplePrompt.MinKey] = min,
            [PeoplePrompt.MaxKey] = max,
            [PeoplePrompt.RoleKey] = role,
            [PeoplePrompt.ExcludedIdKey] = excluded?.Id,
            [PeoplePrompt.ExcludedReasonKey] = excluded?.Reason,
        },
    };

    /// <summary>Reads prompt results (JSON, as they are kept in state).</summary>
    private static class Read
    {
        public static string Text(JsonNode? result) => result?.GetValue<string>() ?? string.Empty;
        public static bool Yes(JsonNode? result) => result?.GetValue<bool>() ?? false;
        public static IReadOnlyList<string> Choices(JsonNode? result) => Dialog.FromJson<List<string>>(result) ?? [];
        public static string Choice(JsonNode? result) => Choices(result).FirstOrDefault() ?? string.Empty;
        public static DateOnly Date(JsonNode? result) => Dialog.FromJson<DateOnly>(result);
        public static IReadOnlyList<FormPerson> People(JsonNode? result) => Dialog.FromJson<List<FormPerson>>(result) ?? [];
    }
}
