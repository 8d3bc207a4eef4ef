namespace PolicyBot.Dialogs.Approvals;

public enum AppInstallResult
{
    Installed,
    AlreadyInstalled,

    /// <summary>The bot may not install apps for people (no TeamsAppInstallation permission, or blocked by policy).</summary>
    NotPermitted,

    /// <summary>No installer is configured (local runs without Graph).</summary>
    NotConfigured,
}

/// <summary>Installs the bot's Teams app for a person, so it can open a 1:1 chat with them (Graph installedApps).</summary>
public interface ITeamsAppInstaller
{
    Task<AppInstallResult> InstallForUserAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>Used when Graph is not configured: nothing can be installed.</summary>
public sealed class NoTeamsAppInstaller : ITeamsAppInstaller
{
    public Task<AppInstallResult> InstallForUserAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(AppInstallResult.NotConfigured);
}
