using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.Approvals;
using PolicyBot.Dialogs.SiteApplication;

namespace PolicyBot.Tests.Infrastructure;

/// <summary>Completed Appendix B forms, stored as the form stores them (the form's record serialised to JSON).</summary>
public static class SampleApplications
{
    public static SiteApplicationForm GeographyInstagram(string? department = "Humanities") => new()
    {
        Department = department,
        PurposeAndContent = "Share Year 9 fieldwork photos and short write-ups.",
        AimsAndReason = "Share fieldwork photos with pupils' families",
        TimeAndCover = "An hour a week; Jordan Lee covers.",
        Evaluation = "Termly review.",
        Audience = [SiteApplicationChoices.Pupils, "Pupils' family members"],
        Contributors = [SiteApplicationChoices.Pupils],
        Administrators = [new FormPerson("c1", "Sam Taylor"), new FormPerson("c2", "Jordan Lee")],
        Moderators = [new FormPerson("b1", "Marcus Reid"), new FormPerson("c2", "Jordan Lee")],
        Host = SiteApplicationChoices.ThirdPartyHost,
        ThirdPartyHostName = "Instagram",
        GoLive = new DateOnly(2027, 1, 4),
        Closure = new DateOnly(2027, 7, 20),
        SecurityMeasures = "Private account; followers approved by two moderators.",
        StrongestPrivacySettings = true,
        UsesSchoolLogo = false,
        ModerationPlan = "Daily checks.",
    };

    /// <summary>Sam Taylor's Instagram application, submitted and not yet started, as the form saves it.</summary>
    public static ApprovalRequest SubmittedBySam()
    {
        var now = DateTimeOffset.UtcNow;
        return new ApprovalRequest
        {
            Id = "SM-" + Guid.NewGuid().ToString("N")[..8],
            Requester = new StaffMember("00000000-0000-0000-0000-0000000000c1", "Sam Taylor"),
            LineManager = new StaffMember("00000000-0000-0000-0000-0000000000b1", "Marcus Reid"),
            Headteacher = new StaffMember("00000000-0000-0000-0000-0000000000a1", "Helen Carter"),
            Status = ApprovalStatus.Submitted,
            Application = ToJson(GeographyInstagram()),
            Title = "Humanities Instagram site",
            ClosureDate = new DateOnly(2027, 7, 20),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public static JsonObject ToJson(SiteApplicationForm form) => JsonSerializer.SerializeToNode(form, BotJson.Options)!.AsObject();
}
