using PolicyBot.Dialogs.Cards;
using PolicyBot.Dialogs.Engine;

namespace PolicyBot.Dialogs.SiteApplication;

/// <summary>
/// The summary before submitting: every answer grouped by the sections of Appendix B, an edit action per section,
/// Submit and Cancel. Everything the user typed is escaped, so it shows literally.
/// </summary>
public static class SiteApplicationSummaryCard
{
    public const string QuestionId = "summary";
    public const string Submit = "Submit";

    public static string EditChoice(FormSection section) => $"Edit {Title(section).ToLowerInvariant()}";

    public static IReadOnlyList<PromptChoice> Choices { get; } =
        [new(Submit, ["send", "submit it", "done"]), .. Enum.GetValues<FormSection>().Select(s => new PromptChoice(EditChoice(s), [Title(s), $"change {Title(s)}"]))];

    public static string Title(FormSection section) => section switch
    {
        FormSection.TeamDetails => "Team details",
        FormSection.Purpose => "Purpose",
        FormSection.AudienceAndContributors => "Audience and contributors",
        FormSection.Administration => "Administration",
        _ => "Policy checks",
    };

    public static AdaptiveCard Create(SiteApplicationForm form, IReadOnlyList<string> problems)
    {
        var body = new List<CardElement>
        {
            new TextBlock("Your application for a school social media site") { Weight = TextWeight.Bolder, Size = TextSize.Medium },
            new TextBlock("Check your answers, edit any section, then submit it to your line manager and the headteacher."),
        };
        if (problems.Count > 0)
        {
            body.Add(new Container([.. problems.Select(p => new TextBlock(CardText.Escape(p)) { Color = TextColor.Attention })]) { Style = ContainerStyle.Attention });
        }
        foreach (var section in Enum.GetValues<FormSection>())
        {
            body.Add(new Container(
            [
                new TextBlock(Title(section)) { Weight = TextWeight.Bolder },
                new FactSet([.. Facts(form, section).Select(f => new Fact(f.Title, CardText.Escape(f.Value)))]),
                new ActionSet([PromptAnswer.SubmitButton("Edit", QuestionId, EditChoice(section))]),
            ]) { Separator = true, Spacing = Spacing.Medium });
        }
        return new AdaptiveCard
        {
            FallbackText = "Your application: check your answers, then submit, edit a section or cancel.",
            Body = body,
            Actions =
            [
                PromptAnswer.SubmitButton(Submit, QuestionId, Submit) with { Style = "positive" },
                PromptAnswer.SubmitButton("Cancel", QuestionId, "cancel") with { Style = "destructive" },
            ],
        };
    }

    /// <summary>The answers of one section as title and plain (unescaped) value, for the card and for tests.</summary>
    public static IEnumerable<(string Title, string Value)> Facts(SiteApplicationForm form, FormSection section)
    {
        static string Or(string? value, string fallback = "Not answered") => string.IsNullOrWhiteSpace(value) ? fallback : value;
        static string Names(IReadOnlyList<FormPerson> people) => people.Count == 0 ? "Not answered" : string.Join(", ", people.Select(p => p.DisplayName));
        static string Groups(IReadOnlyList<string> groups, string? other) =>
            groups.Count == 0 ? "Not answered" : string.Join(", ", groups.Select(g => g == SiteApplicationChoices.Others && !string.IsNullOrWhiteSpace(other) ? $"Others: {other}" : g));
        static string YesNo(bool? value) => value switch { true => "Yes", false => "No", null => "Not asked" };

        switch (section)
        {
            case FormSection.TeamDetails:
                yield return ("Department", Or(form.Department));
                yield return ("Author", Or(form.Author?.Describe()));
                yield return ("Line manager", Or(form.LineManager?.Describe()));
                break;
            case FormSection.Purpose:
                yield return ("Purpose and content", Or(form.PurposeAndContent));
                yield return ("Aims and reason (7.2)", Or(form.AimsAndReason));
                yield return ("Time and cover (A.1.4, A.1.5)", Or(form.TimeAndCover));
                yield return ("Evaluation (A.1.7)", Or(form.Evaluation));
                break;
            case FormSection.AudienceAndContributors:
                yield return ("Audience", Groups(form.Audience, form.AudienceOther));
                yield return ("Contributors", Groups(form.Contributors, form.ContributorsOther));
                break;
            case FormSection.Administration:
                yield return ("Administrators", Names(form.Administrators));
                yield return ("Moderators", Names(form.Moderators));
                yield return ("Vets external contributors", Or(form.ExternalVetting, "No external contributors"));
                yield return ("Host", form.IsThirdPartyHosted ? $"Third party: {Or(form.ThirdPartyHostName)}" : Or(form.Host));
                if (form.IsThirdPartyHosted && form.PupilsInvolved)
                {
                    yield return ("Pupils meet the host's minimum age (A.2.5)", YesNo(form.MeetsHostMinimumAge));
                }
                yield return ("Go-live date", form.GoLive is { } goLive ? UkDateParser.Format(goLive) : "Not answered");
                yield return ("Closure date (A.1.6)", form.Closure is { } closure ? UkDateParser.Format(closure) : "Not answered");
                yield return ("Advertising for contributors (A.5.7)", Or(form.ContributorRecruitment, "No external contributors"));
                yield return ("Consent of parents or responsible adults", Or(form.ConsentArrangements, "Not needed"));
                yield return ("Security measures (A.5.6)", Or(form.SecurityMeasures));
                break;
            default:
                if (form.PupilsContribute)
                {
                    yield return ("Strongest privacy settings (A.5.2)", YesNo(form.StrongestPrivacySettings));
                }
                yield return ("Uses the school logo (A.3.5, A.4.6)", YesNo(form.UsesSchoolLogo));
                yield return ("Moderation (A.5.3)", Or(form.ModerationPlan));
                break;
        }
    }
}
