using System.Globalization;
using System.Text.Json.Nodes;
using PolicyBot.Dialogs.Engine;

namespace PolicyBot.Dialogs.SiteApplication;

/// <summary>
/// The checks the form makes: the validators of its prompts (read from the prompt's Validations, so they survive a
/// restart) and the check of the whole application before it is submitted.
/// </summary>
public static class SiteApplicationRules
{
    public const string NotBeforeReasonKey = "notBeforeReason";
    public const string AfterKey = "after";
    public const string AfterReasonKey = "afterReason";
    public const string MustBeYesReasonKey = "mustBeYesReason";

    /// <summary>Dates: not before Validations "notBefore", and strictly after "after", each with its own reason.</summary>
    public static Task<bool> DateInWindow(PromptValidatorContext<DateOnly> prompt, CancellationToken cancellationToken)
    {
        var validations = prompt.Options.Validations;
        if (ReadDate(validations, AfterKey) is { } after && prompt.Value <= after)
        {
            return Task.FromResult(prompt.Fail(validations?[AfterReasonKey]?.GetValue<string>() ?? $"Please give a date after {UkDateParser.Format(after)}."));
        }
        if (ReadDate(validations, DatePrompt.NotBeforeKey) is { } notBefore && prompt.Value < notBefore)
        {
            return Task.FromResult(prompt.Fail(validations?[NotBeforeReasonKey]?.GetValue<string>() ?? $"Please give a date on or after {UkDateParser.Format(notBefore)}."));
        }
        return Task.FromResult(true);
    }

    /// <summary>A commitment the policy requires: "no" is refused with Validations "mustBeYesReason".</summary>
    public static Task<bool> YesWhenRequired(PromptValidatorContext<bool> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Value || prompt.Options.Validations?[MustBeYesReasonKey]?.GetValue<string>() is not { } reason || prompt.Fail(reason));

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>What stops the application from being submitted, each naming its section; empty when it can go.</summary>
    public static IReadOnlyList<string> Check(SiteApplicationForm form, DateOnly today)
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Require(!string.IsNullOrWhiteSpace(form.Department), "Team details: the department is missing.");
        Require(form.Author is not null, "Team details: the author is missing.");
        Require(form.LineManager is not null, "Team details: the line manager is missing.");
        Require(form.LineManager is null || form.LineManager.Id != form.Author?.Id, "Team details: the line manager must be someone other than the author.");
        Require(!string.IsNullOrWhiteSpace(form.PurposeAndContent), "Purpose: why the site is wanted and what it will contain is missing.");
        Require(!string.IsNullOrWhiteSpace(form.AimsAndReason), "Purpose: the aims and the pedagogical or business reason are missing (7.2).");
        Require(!string.IsNullOrWhiteSpace(form.TimeAndCover), "Purpose: the time commitment and cover for absences are missing (A.1.4, A.1.5).");
        Require(!string.IsNullOrWhiteSpace(form.Evaluation), "Purpose: how success will be evaluated is missing (A.1.7).");
        Require(form.Audience.Count > 0, "Audience and contributors: the audience is missing.");
        Require(form.Contributors.Count > 0, "Audience and contributors: the contributors are missing.");
        Require(!form.Audience.Contains(SiteApplicationChoices.Others) || !string.IsNullOrWhiteSpace(form.AudienceOther), "Audience and contributors: details of the other audience are missing.");
        Require(!form.Contributors.Contains(SiteApplicationChoices.Others) || !string.IsNullOrWhiteSpace(form.ContributorsOther), "Audience and contributors: details of the other contributors are missing.");
        Require(form.Administrators.Count >= 2, "Administration: at least two administrators are needed (A.3.1).");
        Require(form.Moderators.Count >= 2, "Administration: at least two moderators are needed (A.3.1).");
        Require(!form.HasExternalContributors || !string.IsNullOrWhiteSpace(form.ExternalVetting), "Administration: who vets external contributors is missing (A.2.6).");
        Require(form.Host is not null, "Administration: who hosts the site is missing.");
        Require(!form.IsThirdPartyHosted || !string.IsNullOrWhiteSpace(form.ThirdPartyHostName), "Administration: the third-party host's name is missing.");
        Require(!form.IsThirdPartyHosted || !form.PupilsInvolved || form.MeetsHostMinimumAge == true, "Administration: every pupil must meet the host's minimum age (7.3, A.2.5).");
        Require(form.GoLive is { } goLive && goLive >= today, $"Administration: the go-live date must be today ({UkDateParser.Format(today)}) or later.");
        Require(form.Closure is { } closure && form.GoLive is { } start && closure > start, "Administration: the closure date must come after the go-live date (A.1.6).");
        Require(!form.HasExternalContributors || !string.IsNullOrWhiteSpace(form.ContributorRecruitment), "Administration: how external contributors will be recruited is missing (A.5.7).");
        Require(!form.NeedsConsent || !string.IsNullOrWhiteSpace(form.ConsentArrangements), "Administration: how parents' or responsible adults' consent will be obtained is missing.");
        Require(!string.IsNullOrWhiteSpace(form.SecurityMeasures), "Administration: the security measures are missing (A.5.6).");
        Require(!form.PupilsContribute || form.StrongestPrivacySettings == true, "Policy checks: sites pupils contribute to need the strongest privacy settings (A.5.2).");
        Require(form.UsesSchoolLogo is not null && (form.IsThirdPartyHosted || form.UsesSchoolLogo == true), "Policy checks: school-hosted sites must include the school logo (A.4.6).");
        Require(!string.IsNullOrWhiteSpace(form.ModerationPlan), "Policy checks: how the site will be moderated is missing (A.5.3).");
        return problems;
    }

    private static DateOnly? ReadDate(JsonObject? validations, string key) =>
        validations?[key]?.GetValue<string>() is { } iso && DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
