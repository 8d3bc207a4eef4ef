using System.Globalization;
using System.Text;

namespace PolicyBot.Dialogs.Approvals;

/// <summary>One approved site as the register lists it.</summary>
public sealed record SiteRegisterRow(string Reference, string Site, string Owner, string Administrators, string Moderators, string Host, string ClosureDate, string ApprovedOn);

/// <summary>The register of approved sites, and its CSV export for governors (RFC 4180, formula-safe for spreadsheets).</summary>
public static class SiteRegister
{
    public static IReadOnlyList<SiteRegisterRow> Rows(IEnumerable<ApprovalRequest> approved) =>
        approved
            .Where(r => r.Status == ApprovalStatus.Approved)
            .OrderBy(r => r.ClosureDate ?? DateOnly.MaxValue)
            .ThenBy(r => r.Title, StringComparer.OrdinalIgnoreCase)
            .Select(r =>
            {
                var answers = new ApplicationAnswers(r.Application);
                return new SiteRegisterRow(
                    r.Id,
                    r.Title,
                    r.Requester.DisplayName,
                    answers.Administrators ?? "",
                    answers.Moderators ?? "",
                    answers.Host ?? "",
                    r.ClosureDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? answers.ClosureDate ?? "",
                    r.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            })
            .ToList();

    public static string ToCsv(IEnumerable<ApprovalRequest> approved)
    {
        var csv = new StringBuilder();
        csv.Append("Reference,Site,Owner,Administrators,Moderators,Host,Closure date,Approved on\r\n");
        foreach (var row in Rows(approved))
        {
            string[] cells = [row.Reference, row.Site, row.Owner, row.Administrators, row.Moderators, row.Host, row.ClosureDate, row.ApprovedOn];
            csv.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>Quotes a cell when it needs it, and defuses text a spreadsheet would run as a formula.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0]))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
