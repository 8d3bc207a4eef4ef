using System.Text.Json;
using PolicyBot.Tests.Storage;

namespace PolicyBot.Bench.Load;

public sealed record SchoolPerson(string Id, string DisplayName, string? Mail, string? JobTitle, string? ManagerId);

/// <summary>
/// The sample school directory the bot is given (samples/school-directory.json). The benchmark's staff are its teachers:
/// people whose line manager is not the headteacher, so every application needs two signatures.
/// </summary>
public sealed class SampleSchool
{
    private readonly Dictionary<string, SchoolPerson> _people;

    private SampleSchool(Dictionary<string, SchoolPerson> people, string headteacherId)
    {
        _people = people;
        Headteacher = people[headteacherId];
        Teachers = [.. people.Values.Where(p => p.ManagerId is { } manager && manager != headteacherId).OrderBy(p => p.Id, StringComparer.Ordinal)];
    }

    public static string DirectoryPath => Path.Combine(AzuriteProcess.RepositoryRoot(), "samples", "school-directory.json");

    public SchoolPerson Headteacher { get; }

    public IReadOnlyList<SchoolPerson> Teachers { get; }

    public SchoolPerson ManagerOf(SchoolPerson person) => _people[person.ManagerId!];

    public static SampleSchool Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(DirectoryPath));
        var people = json.RootElement.GetProperty("users").EnumerateArray()
            .Select(u => new SchoolPerson(
                u.GetProperty("id").GetString()!,
                u.GetProperty("displayName").GetString()!,
                u.TryGetProperty("mail", out var mail) ? mail.GetString() : null,
                u.TryGetProperty("jobTitle", out var title) ? title.GetString() : null,
                u.TryGetProperty("managerId", out var manager) && manager.ValueKind == JsonValueKind.String ? manager.GetString() : null))
            .ToDictionary(p => p.Id, StringComparer.Ordinal);
        return new SampleSchool(people, json.RootElement.GetProperty("headteacher").GetString()!);
    }
}
