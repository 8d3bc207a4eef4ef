namespace PolicyBot.Dialogs.Directory;

/// <summary>A person in the school's directory (Microsoft Entra ID through Graph, or the local directory file).</summary>
public sealed record DirectoryPerson(string Id, string DisplayName, string? Mail = null, string? JobTitle = null, string? Department = null);

/// <summary>Who is who at the school: profiles, line managers and the headteacher.</summary>
public interface IStaffDirectory
{
    Task<DirectoryPerson?> GetPersonAsync(string id, CancellationToken cancellationToken);

    /// <summary>The person's line manager, or null when the directory has none.</summary>
    Task<DirectoryPerson?> GetManagerAsync(string id, CancellationToken cancellationToken);

    /// <summary>People whose name or email matches <paramref name="nameOrEmail"/>, best matches first.</summary>
    Task<IReadOnlyList<DirectoryPerson>> FindPeopleAsync(string nameOrEmail, int max, CancellationToken cancellationToken);

    /// <summary>The headteacher, who gives final approval (configured).</summary>
    Task<DirectoryPerson> GetHeadteacherAsync(CancellationToken cancellationToken);
}

/// <summary>The directory could not answer, or is configured wrongly.</summary>
public sealed class DirectoryException(string message, Exception? inner = null) : Exception(message, inner);
