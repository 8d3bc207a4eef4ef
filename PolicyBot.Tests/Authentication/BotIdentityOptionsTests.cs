using PolicyBot.BotFramework.Authentication;

namespace PolicyBot.Tests.Authentication;

public sealed class BotIdentityOptionsTests
{
    private const string AppId = "5f2b3c1e-1111-4a4a-9b9b-0123456789ab";
    private const string Tenant = "8a7d6c5b-2222-4b4b-8c8c-ba9876543210";

    [Theory]
    [InlineData(null, null, null, null, null, null)]
    [InlineData(null, null, "secret", null, null, "MicrosoftAppId is not")]
    [InlineData(null, null, null, Tenant, null, "MicrosoftAppId is not")]
    [InlineData(null, AppId, "secret", null, null, null)]
    [InlineData("MultiTenant", AppId, "secret", null, null, null)]
    [InlineData("MultiTenant", AppId, null, null, null, "neither MicrosoftAppPassword nor MicrosoftAppCertificatePath")]
    [InlineData("MultiTenant", AppId, null, null, "/certs/bot.pfx", null)]
    [InlineData("SingleTenant", AppId, "secret", Tenant, null, null)]
    [InlineData("singletenant", AppId, "secret", Tenant, null, null)]
    [InlineData("SingleTenant", AppId, "secret", null, null, "SingleTenant but MicrosoftAppTenantId is missing")]
    [InlineData("SingleTenant", AppId, null, Tenant, null, "neither MicrosoftAppPassword nor MicrosoftAppCertificatePath")]
    [InlineData("UserAssignedMSI", AppId, null, Tenant, null, null)]
    [InlineData("UserAssignedMSI", AppId, null, null, null, "UserAssignedMSI but MicrosoftAppTenantId is missing")]
    [InlineData("Personal", AppId, "secret", Tenant, null, "MicrosoftAppType must be")]
    public void ValidateSaysWhatAHalfConfiguredIdentityLacks(string? appType, string? appId, string? password, string? tenantId, string? certificatePath, string? expectedProblem)
    {
        var options = new BotIdentityOptions
        {
            MicrosoftAppType = appType,
            MicrosoftAppId = appId,
            MicrosoftAppPassword = password,
            MicrosoftAppTenantId = tenantId,
            MicrosoftAppCertificatePath = certificatePath,
        };

        var problem = options.Validate();

        if (expectedProblem is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expectedProblem, problem);
        }
    }
}
