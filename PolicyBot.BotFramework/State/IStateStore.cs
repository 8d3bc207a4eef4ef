using System.Text.Json.Nodes;

namespace PolicyBot.BotFramework.State;

/// <summary>A stored state document and the ETag it was read with.</summary>
public sealed record StateEntry(string Key, JsonObject Data, string ETag);

/// <summary>
/// Where conversation and user state live between turns. Writes are optimistic: a write names the ETag it read,
/// and a store that has moved on since refuses it with <see cref="StateConflictException"/>.
/// </summary>
public interface IStateStore
{
    Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="data"/> if the stored ETag is still <paramref name="expectedETag"/>
    /// (null: the key must not exist yet). Returns the new ETag.</summary>
    Task<string> WriteAsync(string key, JsonObject data, string? expectedETag, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>A write lost a race: someone else changed the record after it was read.</summary>
public sealed class StateConflictException(string message) : Exception(message);

/// <summary>The store could not be reached or failed; nothing was written.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Activity ids already handled, so that a redelivered activity is not handled twice.</summary>
public interface IProcessedActivityStore
{
    /// <summary>Records the id; false when it was already recorded and has not expired.</summary>
    Task<bool> TryMarkProcessedAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Forgets the id again, after a turn that failed, so Teams' redelivery gets a second chance.</summary>
    Task ForgetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes ids that expired before <paramref name="now"/>, so the record does not grow for ever; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
