using PolicyBot.Dialogs.Directory;

namespace PolicyBot.Dialogs.SiteApplication;

/// <summary>
/// The Social Media Site Creation Approval Form (Appendix B) as answered in the conversation, with the Appendix A
/// checks the paper form leaves implicit. Kept as JSON in the draft and in the approval request.
/// </summary>
public sealed record SiteApplicationForm
{
    // Team details
    public string? Department { get; init; }
    public FormPerson? Author { get; init; }
    public FormPerson? LineManager { get; init; }

    // Purpose (7.2, A.1.2, A.1.4, A.1.5, A.1.7)
    public string? PurposeAndContent { get; init; }
    public string? AimsAndReason { get; init; }
    public string? TimeAndCover { get; init; }
    public string? Evaluation { get; init; }

    // Proposed audience and contributors
    public IReadOnlyList<string> Audience { get; init; } = [];
    public string? AudienceOther { get; init; }
    public IReadOnlyList<string> Contributors { get; init; } = [];
    public string? ContributorsOther { get; init; }

    // Administration
    public IReadOnlyList<FormPerson> Administrators { get; init; } = [];
    public IReadOnlyList<FormPerson> Moderators { get; init; } = [];
    public string? ExternalVetting { get; init; }
    public string? Host { get; init; }
    public string? ThirdPartyHostName { get; init; }
    public DateOnly? GoLive { get; init; }
    public DateOnly? Closure { get; init; }
    public string? ContributorRecruitment { get; init; }
    public bool? IncludesAdultsWithLearningDisabilities { get; init; }
    public string? ConsentArrangements { get; init; }
    public string? SecurityMeasures { get; init; }

    // Policy checks (A.2.5 and 7.3, A.5.2, A.3.5 and A.4.6, A.5.3)
    public bool? MeetsHostMinimumAge { get; init; }
    public bool? StrongestPrivacySettings { get; init; }
    public bool? UsesSchoolLogo { get; init; }
    public string? ModerationPlan { get; init; }

    // What the directory suggested, and whether the user took it (drives which questions are asked).
    public FormPerson? RequesterProfile { get; init; }
    public bool? AuthorIsRequester { get; init; }
    public FormPerson? SuggestedLineManager { get; init; }
    public bool? LineManagerConfirmed { get; init; }

    public bool IsThirdPartyHosted => Host == SiteApplicationChoices.ThirdPartyHost;

    public bool PupilsContribute => Contributors.Any(SiteApplicationChoices.IsChildren);

    public bool PupilsInvolved => Audience.Concat(Contributors).Any(SiteApplicationChoices.IsChildren);

    public bool HasExternalContributors => Contributors.Any(SiteApplicationChoices.IsExternal);

    public bool NeedsConsent => PupilsContribute || IncludesAdultsWithLearningDisabilities == true;
}

/// <summary>A person named on the form, as the directory knows them.</summary>
public sealed record FormPerson(string Id, string DisplayName, string? Email = null, string? JobTitle = null)
{
    public static FormPerson From(DirectoryPerson person) => new(person.Id, person.DisplayName, person.Mail, person.JobTitle);

    public string Describe() => JobTitle is { Length: > 0 } ? $"{DisplayName} ({JobTitle})" : DisplayName;
}

/// <summary>The tick boxes of Appendix B, with the words people use for them.</summary>
public static class SiteApplicationChoices
{
    public const string Pupils = "Pupils";
    public const string SchoolStaff = "School staff";
    public const string FamilyMembers = "Pupils' family members";
    public const string OtherSchoolsPupils = "Pupils from other schools";
    public const string ExternalOrganisations = "External organisations";
    public const string Public = "Members of the public";
    public const string Others = "Others";

    public const string SchoolHost = "Education My Life Matters (the school)";
    public const string ThirdPartyHost = "A third party";

    public static IReadOnlyList<Engine.PromptChoice> People { get; } =
    [
        new(Pupils, ["pupil", "students", "children", "my class", "class"]),
        new(SchoolStaff, ["staff", "teachers", "colleagues"]),
        new(FamilyMembers, ["parents", "families", "family", "carers", "parents and carers"]),
        new(OtherSchoolsPupils, ["other schools", "pupils at other schools"]),
        new(ExternalOrganisations, ["organisations", "organizations", "external organizations", "partners"]),
        new(Public, ["public", "the public", "everyone", "anyone"]),
        new(Others, ["other"]),
    ];

    public static IReadOnlyList<Engine.PromptChoice> Hosts { get; } =
    [
        new(SchoolHost, ["school", "the school", "us", "education my life matters", "emlm", "our website", "school website"]),
        new(ThirdPartyHost, ["third party", "3rd party", "external", "instagram", "facebook", "twitter", "x", "youtube", "tiktok", "social network"]),
    ];

    public static bool IsChildren(string group) => group is Pupils or OtherSchoolsPupils;

    public static bool IsExternal(string group) => group is not (Pupils or SchoolStaff);
}
