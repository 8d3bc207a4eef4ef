namespace PolicyBot.StaffDirectory;

/// <summary>
/// Microsoft Graph access (configuration section "Graph"), app-only: a client secret, or a managed identity.
/// Graph is used when TenantId and ClientId are set (or UseBotIdentity borrows MicrosoftAppId/Password/TenantId).
/// </summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    public string? TenantId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>Use a managed identity instead of a secret; ClientId then names a user-assigned identity (optional).</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>Borrow the bot's app registration (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId).</summary>
    public bool UseBotIdentity { get; set; }

    /// <summary>Graph's root; tests point it at a local server.</summary>
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && (!string.IsNullOrWhiteSpace(TenantId) || UseManagedIdentity);
}

/// <summary>The school directory's settings (configuration section "Directory").</summary>
public sealed class DirectoryOptions
{
    public const string SectionName = "Directory";

    /// <summary>The local directory file, when Graph is not configured (env Directory__Path).</summary>
    public string Path { get; set; } = "samples/school-directory.json";

    /// <summary>With Graph: the headteacher's object id or user principal name.</summary>
    public string? Headteacher { get; set; }
}

/// <summary>The Teams app, for installing it for approvers who do not have it (configuration section "Teams").</summary>
public sealed class TeamsAppOptions
{
    public const string SectionName = "Teams";

    /// <summary>The app's id in the organisation's app catalog (not the manifest id, unless published under it).</summary>
    public string? CatalogAppId { get; set; }
}
