using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.State;
using PolicyBot.Dialogs.SiteApplication;

namespace PolicyBot.Dialogs;

public static class DialogsServiceCollectionExtensions
{
    /// <summary>
    /// The bot (<see cref="PolicyBotApplication"/>, also as <see cref="IBot"/>), its conversation state and the approval form.
    /// Needs from elsewhere: IStateStore, IApprovalStore, IConversationReferenceStore (storage) and IStaffDirectory.
    /// IPolicyQuestionAnswerer and IApplicationSubmitted default to doing nothing: register the real ones before or after.
    /// </summary>
    public static IServiceCollection AddPolicyBotDialogs(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PolicyBotSettings>();
        services.TryAddSingleton<ConversationState>();
        services.TryAddSingleton<IPolicyQuestionAnswerer, NoPolicyAnswers>();
        services.TryAddSingleton<IApplicationSubmitted, NoApplicationSubmittedHook>();
        services.TryAddSingleton<SiteApplicationSubmitter>();
        services.TryAddSingleton<SiteApplicationDialog>();
        services.TryAddSingleton<PolicyBotApplication>();
        services.TryAddSingleton<IBot>(sp => sp.GetRequiredService<PolicyBotApplication>());
        return services;
    }
}
