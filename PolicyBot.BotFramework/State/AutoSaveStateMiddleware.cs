using PolicyBot.BotFramework.Builder;

namespace PolicyBot.BotFramework.State;

/// <summary>Loads the given states before the bot runs and saves what changed after it.</summary>
public sealed class AutoSaveStateMiddleware(params BotState[] states) : IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        foreach (var state in states)
        {
            await state.LoadAsync(turnContext, cancellationToken: cancellationToken);
        }
        await next(cancellationToken);
        foreach (var state in states)
        {
            await state.SaveChangesAsync(turnContext, cancellationToken);
        }
    }
}
