using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using PolicyBot.Dialogs.Approvals;

namespace PolicyBot.StaffDirectory;

/// <summary>
/// Installs the bot's Teams app for a person (POST /users/{id}/teamwork/installedApps), so that the bot can open a 1:1
/// chat with an approver who never added it. Needs the application permission TeamsAppInstallation.ReadWriteSelfForUser.All
/// (or ReadWriteForUser.All); without it Graph answers 403 and the applicant is told who has to install the app.
/// </summary>
public sealed class GraphTeamsAppInstaller(GraphServiceClient graph, string catalogAppId, string graphBaseUrl) : ITeamsAppInstaller
{
    public async Task<AppInstallResult> InstallForUserAsync(string userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(catalogAppId))
        {
            return AppInstallResult.NotConfigured;
        }
        var installation = new UserScopeTeamsAppInstallation
        {
            AdditionalData = new Dictionary<string, object>
            {
                ["teamsApp@odata.bind"] = $"{graphBaseUrl.TrimEnd('/')}/appCatalogs/teamsApps/{Uri.EscapeDataString(catalogAppId)}",
            },
        };
        try
        {
            await graph.Users[userId].Teamwork.InstalledApps.PostAsync(installation, cancellationToken: cancellationToken);
            return AppInstallResult.Installed;
        }
        catch (ODataError error) when (error.ResponseStatusCode == 409)
        {
            return AppInstallResult.AlreadyInstalled;
        }
        catch (ODataError error) when (error.ResponseStatusCode is 401 or 403 or 404)
        {
            return AppInstallResult.NotPermitted;
        }
    }
}
