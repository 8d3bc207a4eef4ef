namespace PolicyBot.BotFramework.Authentication;

/// <summary>
/// The bot's identity, under the Bot Framework's standard configuration keys
/// (MicrosoftAppType, MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId).
/// </summary>
public sealed class BotIdentityOptions
{
    public const string SingleTenant = "SingleTenant";
    public const string MultiTenant = "MultiTenant";
    public const string UserAssignedMsi = "UserAssignedMSI";

    public string? MicrosoftAppType { get; set; }
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>A PFX or PEM file with the app registration's certificate, instead of a password.</summary>
    public string? MicrosoftAppCertificatePath { get; set; }

    /// <summary>Where the Bot Framework's OpenID metadata is read; tests point it at a local server.</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Entra ID's authority host (for single-tenant tokens and outbound credentials).</summary>
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com";

    /// <summary>Connector hosts the bot may send its token to before it has seen them on an authenticated activity (Teams' own).</summary>
    public IReadOnlyList<string> TrustedServiceUrlPrefixes { get; set; } = ["https://smba.trafficmanager.net/"];

    /// <summary>Local mode: no app id, so no tokens are asked for or checked.</summary>
    public bool IsLocalMode => string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>Says in one sentence what is missing from a half-configured identity, or null when it is usable.</summary>
    public string? Validate()
    {
        if (IsLocalMode)
        {
            return string.IsNullOrWhiteSpace(MicrosoftAppPassword) && string.IsNullOrWhiteSpace(MicrosoftAppTenantId)
                ? null
                : "MicrosoftAppPassword or MicrosoftAppTenantId is set but MicrosoftAppId is not: set MicrosoftAppId, or remove the others to run in local mode.";
        }
        var type = string.IsNullOrWhiteSpace(MicrosoftAppType) ? MultiTenant : MicrosoftAppType;
        if (!type.Equals(SingleTenant, StringComparison.OrdinalIgnoreCase) && !type.Equals(MultiTenant, StringComparison.OrdinalIgnoreCase) && !type.Equals(UserAssignedMsi, StringComparison.OrdinalIgnoreCase))
        {
            return $"MicrosoftAppType must be SingleTenant, UserAssignedMSI or MultiTenant.";
        }
        if (type.Equals(UserAssignedMsi, StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(MicrosoftAppTenantId) ? "MicrosoftAppType is UserAssignedMSI but MicrosoftAppTenantId is missing." : null;
        }
        if (string.IsNullOrWhiteSpace(MicrosoftAppPassword) && string.IsNullOrWhiteSpace(MicrosoftAppCertificatePath))
        {
            return $"MicrosoftAppId is set but neither MicrosoftAppPassword nor MicrosoftAppCertificatePath is: add the app registration's secret or certificate.";
        }
        if (type.Equals(SingleTenant, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(MicrosoftAppTenantId))
        {
            return "MicrosoftAppType is SingleTenant but MicrosoftAppTenantId is missing.";
        }
        return null;
    }

    public bool IsSingleTenant => string.Equals(MicrosoftAppType, SingleTenant, StringComparison.OrdinalIgnoreCase) || IsManagedIdentity;
    public bool IsManagedIdentity => string.Equals(MicrosoftAppType, UserAssignedMsi, StringComparison.OrdinalIgnoreCase);
}
