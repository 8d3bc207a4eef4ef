using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>
/// Reads the Appendix B answers kept as JSON on a request. The form owns the exact shape, so each fact is looked up
/// under the names it is likely to have, case-insensitively, and every answer can also be listed as it is.
/// </summary>
public sealed class ApplicationAnswers(JsonObject application)
{
    public string? Department => Text("department", "team", "teamDepartment");
    public string? Aims => Text("aims", "purpose", "aimsAndContent");
    public string? Content => Text("content", "proposedContent");
    public string? Audience => Text("audience", "proposedAudience");
    public string? Contributors => Text("contributors", "proposedContributors");
    public string? Administrators => Text("administrators", "admins", "administratorNames");
    public string? Moderators => Text("moderators", "moderatorNames");
    public string? Host => Text("hostName", "host", "thirdPartyHost", "hostedBy");
    public string? GoLiveDate => Text("goLiveDate", "goLive", "liveDate", "proposedGoLiveDate");
    public string? ClosureDate => Text("closureDate", "siteClosureDate", "proposedClosureDate");

    /// <summary>Every answer, in the form's order, with a readable label; empty answers are left out.</summary>
    public IReadOnlyList<(string Label, string Answer)> All() =>
        application
            .Select(p => (Label: Humanize(p.Key), Answer: Render(p.Value)))
            .Where(p => !string.IsNullOrWhiteSpace(p.Answer))
            .ToList();

    private string? Text(params string[] names)
    {
        foreach (var name in names)
        {
            var match = application.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (match.Key is not null && Render(match.Value) is { Length: > 0 } text)
            {
                return text;
            }
        }
        return null;
    }

    private static string Render(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonArray array => string.Join(", ", array.Select(Render).Where(s => s.Length > 0)),
        JsonObject obj => string.Join("; ", obj.Select(p => $"{Humanize(p.Key)}: {Render(p.Value)}")),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>().Trim(),
        JsonValue value when value.GetValueKind() == JsonValueKind.True => "Yes",
        JsonValue value when value.GetValueKind() == JsonValueKind.False => "No",
        _ => node.ToJsonString(),
    };

    /// <summary>"goLiveDate" → "Go live date".</summary>
    private static string Humanize(string key)
    {
        var label = new StringBuilder(key.Length + 8);
        foreach (var c in key)
        {
            if (char.IsUpper(c) && label.Length > 0)
            {
                label.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                label.Append(label.Length == 0 ? char.ToUpperInvariant(c) : c == '_' || c == '-' ? ' ' : c);
            }
        }
        return label.ToString();
    }
}
