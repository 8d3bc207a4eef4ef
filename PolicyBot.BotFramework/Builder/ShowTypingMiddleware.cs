using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.Builder;

/// <summary>Sends a typing indicator when a message turn runs longer than <paramref name="delay"/>.</summary>
public sealed class ShowTypingMiddleware(TimeSpan delay) : IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Type != ActivityTypes.Message)
        {
            await next(cancellationToken);
            return;
        }

        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = SendTypingAfterDelayAsync(turnContext, done.Token);
        try
        {
            await next(cancellationToken);
        }
        finally
        {
            await done.CancelAsync();
            await typing;
        }
    }

    private async Task SendTypingAfterDelayAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        try
        {
            // Most turns end before the delay: their cancellation is the normal case, so it must not cost an exception.
            await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!cancellationToken.IsCancellationRequested && !turnContext.Responded)
            {
                await turnContext.SendActivityAsync(new Activity { Type = ActivityTypes.Typing }, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception)
        {
            // A typing indicator is a courtesy: failing to send one must never fail the turn.
        }
    }
}
