using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Schema;
using PolicyBot.Dialogs.SiteApplication;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>
/// The Appendix B answers kept as JSON on a request, read back through the form's own type so that approvers see the
/// same sections and labels the applicant saw in their summary. Values are plain text: escape them for cards.
/// </summary>
public sealed class ApplicationAnswers(JsonObject application)
{
    private readonly SiteApplicationForm _form = Read(application);

    public string? Department => _form.Department;
    public string? Aims => _form.AimsAndReason;
    public string? Content => _form.PurposeAndContent;
    public string? Audience => Fact(FormSection.AudienceAndContributors, "Audience");
    public string? Contributors => Fact(FormSection.AudienceAndContributors, "Contributors");
    public string? Administrators => Fact(FormSection.Administration, "Administrators");
    public string? Moderators => Fact(FormSection.Administration, "Moderators");
    public string? Host => Fact(FormSection.Administration, "Host");
    public string? GoLiveDate => Fact(FormSection.Administration, "Go-live date");
    public string? ClosureDate => Fact(FormSection.Administration, "Closure date (A.1.6)");

    /// <summary>Every answer, section by section in Appendix B's order, as "Section · Label" and the answer.</summary>
    public IReadOnlyList<(string Label, string Answer)> All() =>
        Enum.GetValues<FormSection>()
            .SelectMany(section => SiteApplicationSummaryCard.Facts(_form, section)
                .Select(f => (Label: $"{SiteApplicationSummaryCard.Title(section)} · {f.Title}", Answer: f.Value)))
            .ToList();

    private string? Fact(FormSection section, string title) =>
        SiteApplicationSummaryCard.Facts(_form, section).Where(f => f.Title == title).Select(f => f.Value).FirstOrDefault();

    private static SiteApplicationForm Read(JsonObject application)
    {
        try
        {
            return application.Deserialize<SiteApplicationForm>(BotJson.Options) ?? new SiteApplicationForm();
        }
        catch (JsonException)
        {
            // A request stored by an older form shape still shows what can be read rather than failing the card.
            return new SiteApplicationForm();
        }
    }
}
