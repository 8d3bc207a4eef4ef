using PolicyBot.Dialogs.Storage;
using static PolicyBot.Storage.Sqlite.SqliteCommands;

namespace PolicyBot.Storage.Sqlite;

/// <summary>Leases in <c>leases</c>: taken when free, expired or already ours, in one statement under SQLite's write lock.</summary>
public sealed class SqliteLeaseStore(SqliteDatabase database, TimeProvider clock) : ILeaseStore
{
    public Task<bool> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return database.RunAsync(connection => connection.Sql(
            """
            INSERT INTO leases (name, owner, expires_at) VALUES ($name, $owner, $until)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE leases.owner = excluded.owner OR leases.expires_at <= $now
            """,
            ("$name", name), ("$owner", owner), ("$until", UnixMs(now + duration)), ("$now", UnixMs(now))).Execute() == 1,
            cancellationToken);
    }

    public Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken) =>
        database.RunAsync(connection => connection.Sql(
            "DELETE FROM leases WHERE name = $name AND owner = $owner", ("$name", name), ("$owner", owner)).Execute(),
            cancellationToken);
}
