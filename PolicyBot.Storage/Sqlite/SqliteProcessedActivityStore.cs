using PolicyBot.BotFramework.State;
using static PolicyBot.Storage.Sqlite.SqliteCommands;

namespace PolicyBot.Storage.Sqlite;

/// <summary>Processed activity ids in <c>processed_activities</c>; an expired id is taken over in the same statement.</summary>
public sealed class SqliteProcessedActivityStore(SqliteDatabase database, TimeProvider clock) : IProcessedActivityStore
{
    public Task<bool> TryMarkProcessedAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        database.RunAsync(connection => connection.Sql(
            """
            INSERT INTO processed_activities (key, expires_at) VALUES ($key, $expires)
            ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE processed_activities.expires_at <= $now
            """,
            ("$key", key), ("$expires", UnixMs(expiresAt)), ("$now", UnixMs(clock.GetUtcNow()))).Execute() == 1,
            cancellationToken);

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.RunAsync(connection => connection.Sql("DELETE FROM processed_activities WHERE expires_at <= $now", ("$now", UnixMs(now))).Execute(), cancellationToken);

    public Task ForgetAsync(string key, CancellationToken cancellationToken) =>
        database.RunAsync(connection => connection.Sql("DELETE FROM processed_activities WHERE key = $key", ("$key", key)).Execute(), cancellationToken);
}
