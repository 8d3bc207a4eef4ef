using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.Builder;

/// <summary>
/// Serves only the school's own Microsoft 365 tenants. An activity from any other tenant gets a polite refusal and
/// touches no state. With an empty allow-list every tenant is served (local mode, the Playground).
/// </summary>
public sealed class TenantAllowListMiddleware(IReadOnlyCollection<string> allowedTenantIds) : IMiddleware
{
    public const string RefusalMessage = "Sorry, PolicyBot only serves the school it was set up for.";

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        if (allowedTenantIds.Count == 0 || turnContext.Activity.Type == ActivityTypes.Event || IsAllowed(turnContext.Activity.TenantId))
        {
            await next(cancellationToken);
            return;
        }

        switch (turnContext.Activity.Type)
        {
            case ActivityTypes.Invoke:
                turnContext.InvokeResponse = AdaptiveCardInvokeResponse.Error(403, "Forbidden", RefusalMessage);
                break;
            case ActivityTypes.Message:
                await turnContext.SendActivityAsync(RefusalMessage, cancellationToken);
                break;
        }
    }

    private bool IsAllowed(string? tenantId) =>
        tenantId is not null && allowedTenantIds.Contains(tenantId, StringComparer.OrdinalIgnoreCase);
}
