using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;
using PolicyBot.BotFramework.State;

namespace PolicyBot.Hosting;

/// <summary>
/// What the user is told when a turn fails. Nothing the turn changed was saved (state is saved only at the end of a
/// successful turn), so the honest message is that their last message was not saved and can be sent again.
/// </summary>
public sealed class TurnErrorHandler(ILogger<TurnErrorHandler> logger)
{
    public const string NotSavedMessage = "Sorry, I couldn't save that just now, so your last answer was not saved. Please send it again in a moment.";
    public const string ConflictMessage = "That changed somewhere else at the same moment (another device, or a double tap), so I didn't save it. Please send it again.";
    public const string FailureMessage = "Sorry, something went wrong on my side and I couldn't finish that. Please try again in a moment.";

    public async Task HandleAsync(ITurnContext turnContext, Exception exception)
    {
        Log.TurnFailed(logger, exception.GetType().Name, turnContext.Activity.Type);
        var message = exception switch
        {
            StorageUnavailableException => NotSavedMessage,
            StateConflictException => ConflictMessage,
            _ => FailureMessage,
        };

        if (turnContext.Activity.Type == ActivityTypes.Invoke)
        {
            turnContext.InvokeResponse = AdaptiveCardInvokeResponse.Message(message);
            return;
        }
        try
        {
            await turnContext.SendActivityAsync(message, CancellationToken.None);
        }
        catch (Exception sendFailure)
        {
            Log.ErrorReplyFailed(logger, sendFailure.GetType().Name);
        }
    }
}
