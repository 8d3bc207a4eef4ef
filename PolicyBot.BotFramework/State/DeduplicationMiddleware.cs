using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.State;

/// <summary>
/// Teams redelivers an activity (same id) when the bot is slow to answer. The second copy is acknowledged and
/// dropped; if the first turn fails, its id is forgotten again so a redelivery can still succeed.
/// </summary>
public sealed class DeduplicationMiddleware(IProcessedActivityStore processed, TimeProvider clock, TimeSpan? window = null) : IMiddleware
{
    private readonly TimeSpan _window = window ?? TimeSpan.FromHours(24);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (string.IsNullOrEmpty(activity.Id) || activity.Type == ActivityTypes.Event)
        {
            await next(cancellationToken);
            return;
        }

        var key = $"{activity.ChannelId}/{activity.Conversation?.Id}/{activity.Id}";
        if (!await processed.TryMarkProcessedAsync(key, clock.GetUtcNow() + _window, cancellationToken))
        {
            turnContext.TurnState.Set(new DuplicateActivity());
            if (activity.Type == ActivityTypes.Invoke)
            {
                // The first delivery answered the user; this copy must not decide anything again.
                turnContext.InvokeResponse = AdaptiveCardInvokeResponse.Message("Already done.");
            }
            return;
        }

        try
        {
            await next(cancellationToken);
        }
        catch
        {
            await processed.ForgetAsync(key, CancellationToken.None);
            throw;
        }
    }
}

/// <summary>Marks a turn whose activity had already been handled.</summary>
public sealed class DuplicateActivity;
