using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyBot.BotFramework.Builder;
using PolicyBot.BotFramework.Schema;

namespace PolicyBot.BotFramework.State;

/// <summary>
/// State scoped to a conversation or a user, loaded once per turn and saved at its end with the ETag it was read with
/// (the SDK's BotState, with optimistic concurrency made explicit).
/// </summary>
public abstract class BotState(IStateStore store, string name)
{
    private string TurnStateKey => "state:" + name;

    /// <summary>The storage key for this turn, or null when the activity does not carry what the key needs.</summary>
    protected abstract string? GetStorageKey(ITurnContext turnContext);

    public IStatePropertyAccessor<T> CreateProperty<T>(string propertyName) where T : class, new() =>
        new StatePropertyAccessor<T>(this, propertyName);

    public async Task LoadAsync(ITurnContext turnContext, bool force = false, CancellationToken cancellationToken = default)
    {
        if (!force && turnContext.TurnState.Get<CachedState>(TurnStateKey) is not null)
        {
            return;
        }
        var key = GetStorageKey(turnContext);
        var entry = key is null ? null : await store.ReadAsync(key, cancellationToken);
        turnContext.TurnState.Set(new CachedState(key, entry?.Data ?? [], entry?.ETag), TurnStateKey);
    }

    public async Task SaveChangesAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var cached = turnContext.TurnState.Get<CachedState>(TurnStateKey);
        if (cached?.Key is null || !cached.IsChanged)
        {
            return;
        }
        cached.FlushProperties();
        cached.ETag = await store.WriteAsync(cached.Key, cached.Data, cached.ETag, cancellationToken);
        cached.MarkSaved();
    }

    /// <summary>Forgets everything stored for this scope (used by "discard").</summary>
    public async Task ClearAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await LoadAsync(turnContext, cancellationToken: cancellationToken);
        var cached = turnContext.TurnState.Get<CachedState>(TurnStateKey)!;
        cached.Clear();
    }

    internal CachedState GetCached(ITurnContext turnContext) =>
        turnContext.TurnState.Get<CachedState>(TurnStateKey)
        ?? throw new InvalidOperationException($"{GetType().Name} was not loaded for this turn.");

    /// <summary>The state of one scope during a turn: the stored JSON plus typed objects handed out to the bot.</summary>
    internal sealed class CachedState(string? key, JsonObject data, string? etag)
    {
        private readonly Dictionary<string, object> _objects = new(StringComparer.Ordinal);
        private string _savedJson = data.ToJsonString();

        public string? Key { get; } = key;
        public JsonObject Data { get; private set; } = data;
        public string? ETag { get; set; } = etag;

        public bool IsChanged
        {
            get
            {
                FlushProperties();
                return Data.ToJsonString() != _savedJson;
            }
        }

        public T GetOrCreate<T>(string property) where T : class, new()
        {
            if (_objects.TryGetValue(property, out var existing))
            {
                return (T)existing;
            }
            var value = Data[property]?.Deserialize<T>(BotJson.Options) ?? new T();
            _objects[property] = value;
            return value;
        }

        public void Set<T>(string property, T value) where T : class => _objects[property] = value;

        public void Delete(string property)
        {
            _objects.Remove(property);
            Data.Remove(property);
        }

        public void Clear()
        {
            _objects.Clear();
            Data = [];
        }

        public void FlushProperties()
        {
            foreach (var (property, value) in _objects)
            {
                Data[property] = JsonSerializer.SerializeToNode(value, value.GetType(), BotJson.Options);
            }
        }

        public void MarkSaved() => _savedJson = Data.ToJsonString();
    }
}

/// <summary>Typed access to one property of a <see cref="BotState"/>.</summary>
public interface IStatePropertyAccessor<T> where T : class, new()
{
    Task<T> GetAsync(ITurnContext turnContext, CancellationToken cancellationToken = default);
    Task SetAsync(ITurnContext turnContext, T value, CancellationToken cancellationToken = default);
    Task DeleteAsync(ITurnContext turnContext, CancellationToken cancellationToken = default);
}

internal sealed class StatePropertyAccessor<T>(BotState state, string property) : IStatePropertyAccessor<T> where T : class, new()
{
    public async Task<T> GetAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await state.LoadAsync(turnContext, cancellationToken: cancellationToken);
        return state.GetCached(turnContext).GetOrCreate<T>(property);
    }

    public async Task SetAsync(ITurnContext turnContext, T value, CancellationToken cancellationToken = default)
    {
        await state.LoadAsync(turnContext, cancellationToken: cancellationToken);
        state.GetCached(turnContext).Set(property, value);
    }

    public async Task DeleteAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await state.LoadAsync(turnContext, cancellationToken: cancellationToken);
        state.GetCached(turnContext).Delete(property);
    }
}

/// <summary>State of one conversation: the dialog stack and the form in progress.</summary>
public sealed class ConversationState(IStateStore store) : BotState(store, nameof(ConversationState))
{
    protected override string? GetStorageKey(ITurnContext turnContext) =>
        turnContext.Activity is { ChannelId: { Length: > 0 } channel, Conversation.Id: { Length: > 0 } conversation }
            ? $"{channel}/conversations/{conversation}"
            : null;
}

/// <summary>State of one user, across conversations.</summary>
public sealed class UserState(IStateStore store) : BotState(store, nameof(UserState))
{
    protected override string? GetStorageKey(ITurnContext turnContext) =>
        turnContext.Activity is { ChannelId: { Length: > 0 } channel, From.Id: { Length: > 0 } user }
            ? $"{channel}/users/{user}"
            : null;
}
