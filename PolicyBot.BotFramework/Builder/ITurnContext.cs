using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.Builder;

/// <summary>One turn of a conversation: the incoming activity and the means to answer it.</summary>
public interface ITurnContext
{
    Activity Activity { get; }

    /// <summary>Values that live for this turn only (loaded state, the authenticated identity, …).</summary>
    TurnStateCollection TurnState { get; }

    /// <summary>True once the bot has sent something in this turn.</summary>
    bool Responded { get; }

    /// <summary>The invoke response, for invoke activities; set by the handler.</summary>
    InvokeResponse? InvokeResponse { get; set; }

    Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default);
    Task<ResourceResponse> SendActivityAsync(string text, CancellationToken cancellationToken = default);
    Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default);
    Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default);
}

/// <summary>Typed per-turn values, keyed by type or by name.</summary>
public sealed class TurnStateCollection
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    public T? Get<T>(string? key = null) where T : class =>
        _values.TryGetValue(key ?? typeof(T).FullName!, out var value) ? value as T : null;

    public void Set<T>(T value, string? key = null) where T : class => _values[key ?? typeof(T).FullName!] = value;
}
