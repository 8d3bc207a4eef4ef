namespace PolicyBot.BotFramework.Builder;

/// <summary>A bot: something that handles one turn.</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken);
}

/// <summary>A step of the turn pipeline that runs around the bot (state, de-duplication, typing, …).</summary>
public interface IMiddleware
{
    Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken);
}

public delegate Task NextDelegate(CancellationToken cancellationToken);

/// <summary>The callback of a proactive turn.</summary>
public delegate Task BotCallbackHandler(ITurnContext turnContext, CancellationToken cancellationToken);
