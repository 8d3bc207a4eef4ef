using System.Text.Json;

namespace PolicyBot.Dialogs.Directory;

/// <summary>
/// The directory read from a JSON file (configuration key Directory:Path), for local runs and schools without Graph:
/// <c>{"headteacher": "id", "users": [{"id", "displayName", "mail", "jobTitle", "department", "managerId"}]}</c>.
/// </summary>
public sealed class JsonStaffDirectory : IStaffDirectory
{
    private readonly Dictionary<string, DirectoryUser> _users;
    private readonly string _headteacherId;

    private JsonStaffDirectory(DirectoryFile file)
    {
        _users = new Dictionary<string, DirectoryUser>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in file.Users ?? [])
        {
            if (string.IsNullOrWhiteSpace(user.Id) || string.IsNullOrWhiteSpace(user.DisplayName))
            {
                throw new DirectoryException("Every user in the directory file needs an id and a displayName.");
            }
            if (!_users.TryAdd(user.Id, user))
            {
                throw new DirectoryException($"The directory file lists the user id '{user.Id}' twice.");
            }
        }
        if (string.IsNullOrWhiteSpace(file.Headteacher) || !_users.ContainsKey(file.Headteacher))
        {
            throw new DirectoryException("The directory file's \"headteacher\" must be the id of one of its users.");
        }
        foreach (var user in _users.Values.Where(u => u.ManagerId is { Length: > 0 } && !_users.ContainsKey(u.ManagerId)))
        {
            throw new DirectoryException($"The directory file names a managerId '{user.ManagerId}' that is not one of its users.");
        }
        _headteacherId = file.Headteacher;
    }

    public static JsonStaffDirectory Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DirectoryException($"The directory file '{path}' (Directory:Path) does not exist.");
        }
        return Parse(File.ReadAllText(path));
    }

    public static JsonStaffDirectory Parse(string json)
    {
        try
        {
            var file = JsonSerializer.Deserialize<DirectoryFile>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new DirectoryException("The directory file is empty.");
            return new JsonStaffDirectory(file);
        }
        catch (JsonException ex)
        {
            throw new DirectoryException($"The directory file is not valid JSON: {ex.Message}", ex);
        }
    }

    public Task<DirectoryPerson?> GetPersonAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_users.TryGetValue(id, out var user) ? user.ToPerson() : null);

    public Task<DirectoryPerson?> GetManagerAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_users.TryGetValue(id, out var user) && user.ManagerId is { Length: > 0 } managerId
            ? _users[managerId].ToPerson()
            : null);

    public Task<IReadOnlyList<DirectoryPerson>> FindPeopleAsync(string nameOrEmail, int max, CancellationToken cancellationToken)
    {
        var query = nameOrEmail.Trim();
        IReadOnlyList<DirectoryPerson> matches = query.Length == 0
            ? []
            : _users.Values
                .Select(user => (user, score: DirectoryMatch.Score(query, user.DisplayName, user.Mail)))
                .Where(m => m.score > 0)
                .OrderByDescending(m => m.score)
                .ThenBy(m => m.user.DisplayName, StringComparer.OrdinalIgnoreCase)
                .Take(max)
                .Select(m => m.user.ToPerson())
                .ToList();
        return Task.FromResult(matches);
    }

    public Task<DirectoryPerson> GetHeadteacherAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_users[_headteacherId].ToPerson());

    private sealed record DirectoryFile(string? Headteacher, List<DirectoryUser>? Users);

    private sealed record DirectoryUser(string Id, string DisplayName, string? Mail, string? JobTitle, string? Department, string? ManagerId)
    {
        public DirectoryPerson ToPerson() => new(Id, DisplayName, Mail, JobTitle, Department);
    }
}

/// <summary>How well a typed name or email matches a person: exact email, full name, then words of the name.</summary>
public static class DirectoryMatch
{
    public static int Score(string query, string displayName, string? mail)
    {
        if (mail is not null && (mail.Equals(query, StringComparison.OrdinalIgnoreCase) ||
                                 mail.Split('@')[0].Equals(query, StringComparison.OrdinalIgnoreCase)))
        {
            return 100;
        }
        if (displayName.Equals(query, StringComparison.OrdinalIgnoreCase))
        {
            return 90;
        }
        var nameWords = displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var queryWords = query.Split([' ', '.', ','], StringSplitOptions.RemoveEmptyEntries);
        var matched = queryWords.Count(q => nameWords.Any(n => n.StartsWith(q, StringComparison.OrdinalIgnoreCase)));
        return matched == queryWords.Length ? 50 + matched : 0;
    }
}
