using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using PolicyBot.Dialogs.Directory;

namespace PolicyBot.StaffDirectory;

/// <summary>
/// The school directory from Microsoft Entra ID through Microsoft Graph (app-only, User.Read.All): profiles, each
/// person's manager (GET /users/{id}/manager, 404 when there is none), people search by name or email (paged), and the
/// headteacher configured by object id or user principal name.
/// </summary>
public sealed class GraphStaffDirectory(GraphServiceClient graph, string headteacher) : IStaffDirectory
{
    internal static readonly string[] SelectedFields = ["id", "displayName", "mail", "jobTitle", "department", "userPrincipalName"];

    private DirectoryPerson? _headteacher;

    public async Task<DirectoryPerson?> GetPersonAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var user = await graph.Users[id].GetAsync(request => request.QueryParameters.Select = SelectedFields, cancellationToken);
            return user is null ? null : ToPerson(user);
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            return null;
        }
    }

    public async Task<DirectoryPerson?> GetManagerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var manager = await graph.Users[id].Manager.GetAsync(request => request.QueryParameters.Select = SelectedFields, cancellationToken);
            return manager switch
            {
                User user => ToPerson(user),
                { Id: { Length: > 0 } managerId } => await GetPersonAsync(managerId, cancellationToken),
                _ => null,
            };
        }
        catch (ODataError error) when (error.ResponseStatusCode == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<DirectoryPerson>> FindPeopleAsync(string nameOrEmail, int max, CancellationToken cancellationToken)
    {
        var query = nameOrEmail.Trim();
        if (query.Length == 0 || max <= 0)
        {
            return [];
        }
        var literal = query.Replace("'", "''", StringComparison.Ordinal);
        var found = new List<DirectoryPerson>();
        var page = await graph.Users.GetAsync(request =>
        {
            request.QueryParameters.Filter = $"startswith(displayName,'{literal}') or startswith(mail,'{literal}') or startswith(userPrincipalName,'{literal}')";
            request.QueryParameters.Select = SelectedFields;
            request.QueryParameters.Top = Math.Min(Math.Max(max, 10), 999);
        }, cancellationToken);
        while (page is not null)
        {
            found.AddRange((page.Value ?? []).Select(ToPerson));
            if (found.Count >= max * 4 || string.IsNullOrEmpty(page.OdataNextLink))
            {
                break;
            }
            page = await graph.Users.WithUrl(page.OdataNextLink).GetAsync(cancellationToken: cancellationToken);
        }
        return found
            .DistinctBy(p => p.Id)
            .Select(p => (person: p, score: Math.Max(DirectoryMatch.Score(query, p.DisplayName, p.Mail), 1)))
            .OrderByDescending(m => m.score)
            .ThenBy(m => m.person.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Take(max)
            .Select(m => m.person)
            .ToList();
    }

    public async Task<DirectoryPerson> GetHeadteacherAsync(CancellationToken cancellationToken)
    {
        if (_headteacher is { } cached)
        {
            return cached;
        }
        if (string.IsNullOrWhiteSpace(headteacher))
        {
            throw new DirectoryException("Directory:Headteacher is not set: give the headteacher's object id or user principal name.");
        }
        var person = await GetPersonAsync(headteacher.Trim(), cancellationToken)
            ?? throw new DirectoryException("Directory:Headteacher names nobody Microsoft Graph knows.");
        _headteacher = person;
        return person;
    }

    private static DirectoryPerson ToPerson(User user) =>
        new(user.Id ?? "", user.DisplayName ?? user.UserPrincipalName ?? user.Id ?? "", user.Mail ?? user.UserPrincipalName, user.JobTitle, user.Department);
}
